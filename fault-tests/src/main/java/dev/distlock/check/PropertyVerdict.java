package dev.distlock.check;

/** What a run shows about one safety property. */
public enum PropertyVerdict {
  /** Every check of the property ran and found nothing. */
  HOLDS,
  /** A check found a violation. */
  VIOLATED,
  /** A check could not decide (checker deadline) and none found a violation. */
  UNKNOWN;

  /**
   * Merges two verdicts of one property: a violation wins, then unknown.
   *
   * @param other the other verdict
   * @return the merged verdict
   */
  public PropertyVerdict and(PropertyVerdict other) {
    if (this == VIOLATED || other == VIOLATED) {
      return VIOLATED;
    }
    return this == UNKNOWN || other == UNKNOWN ? UNKNOWN : HOLDS;
  }
}
