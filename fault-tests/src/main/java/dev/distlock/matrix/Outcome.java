package dev.distlock.matrix;

/** How a cell's observed verdict compares with the TLA+ expectation. */
public enum Outcome {
  /**
   * Observed what the model predicts: held where it should hold, violated where it should break.
   */
  AGREES,
  /** A violation where the model predicts none: a bug in the lock, the checker or the model. */
  DISAGREES,
  /**
   * The model predicts a violation but no run produced one: not evidence that it holds, only that
   * these runs did not reach it.
   */
  NOT_REACHED,
  /** No run gave a verdict (errors, or the checker could not decide). */
  INCONCLUSIVE
}
