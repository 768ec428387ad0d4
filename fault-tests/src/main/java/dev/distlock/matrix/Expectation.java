package dev.distlock.matrix;

import dev.distlock.SafetyProperty;
import dev.distlock.workload.LockKind;

/**
 * What the TLA+ model predicts for one (lock, column, property): one line of {@code
 * expectations.csv}.
 *
 * @param kind the lock deployment
 * @param guarded for {@link SafetyProperty#RESOURCE_SAFETY}: with the guard (the other properties
 *     do not depend on it; their expectation is the same for both rows)
 * @param column the column
 * @param property the property
 * @param violated true if the model finds a violation
 * @param tla the TLC configuration that shows it ({@code Spec_Name.holds.cfg}, {@code
 *     Spec_Name.violates-Prop.cfg}) or, where none checks this cell yet, the {@code Spec!Property}
 *     that states it
 */
public record Expectation(
    LockKind kind,
    boolean guarded,
    Column column,
    SafetyProperty property,
    boolean violated,
    String tla) {

  /**
   * True if a TLC configuration file backs this expectation (not just a spec's statement).
   *
   * @return whether {@link #tla()} names a {@code .cfg}
   */
  public boolean checkedByTlc() {
    return tla.endsWith(".cfg");
  }

  /**
   * Returns "holds" or "violated".
   *
   * @return the expected verdict as a word
   */
  public String word() {
    return violated ? "violated" : "holds";
  }
}
