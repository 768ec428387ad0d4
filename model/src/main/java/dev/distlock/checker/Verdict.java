package dev.distlock.checker;

/** The outcome of a linearizability check. */
public enum Verdict {
  /** Some order of the operations, consistent with real time, satisfies the model. */
  VALID,
  /** No such order exists. */
  INVALID,
  /** The check was stopped (deadline or memory bound) before it could decide. */
  UNKNOWN;

  /** The JSON form used in verdict lines: {@code true}, {@code false} or {@code "unknown"}. */
  public String json() {
    switch (this) {
      case VALID:
        return "true";
      case INVALID:
        return "false";
      default:
        return "\"unknown\"";
    }
  }
}
