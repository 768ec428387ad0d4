package dev.distlock.check;

import dev.distlock.SafetyProperty;

/**
 * The result of one check of a run.
 *
 * @param check the check's name, e.g. "mutex" or "overlapping-holders"
 * @param property the property it tests
 * @param verdict what it found
 * @param detail one line for people: the violation, or what was checked
 */
public record Finding(
    String check, SafetyProperty property, PropertyVerdict verdict, String detail) {
  @Override
  public String toString() {
    return check + " [" + property + "]: " + verdict + " - " + detail;
  }
}
