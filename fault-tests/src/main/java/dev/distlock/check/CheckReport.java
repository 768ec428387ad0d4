package dev.distlock.check;

import dev.distlock.SafetyProperty;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Every finding of one run and the verdict per property they add up to.
 *
 * @param findings direct checks and model checks, in the order they ran
 * @param modelChecks the linearizability checks among them, with their timelines
 */
public record CheckReport(List<Finding> findings, List<ModelCheck> modelChecks) {
  /** Copies the lists. */
  public CheckReport {
    findings = List.copyOf(findings);
    modelChecks = List.copyOf(modelChecks);
  }

  /**
   * Returns the merged verdict of a property; a property no check tested has none.
   *
   * @param property the property
   * @return the verdict, or null if nothing tested it
   */
  public PropertyVerdict verdict(SafetyProperty property) {
    return verdicts().get(property);
  }

  /**
   * Returns the merged verdict of every property that was tested.
   *
   * @return verdicts by property
   */
  public Map<SafetyProperty, PropertyVerdict> verdicts() {
    Map<SafetyProperty, PropertyVerdict> m = new EnumMap<>(SafetyProperty.class);
    for (Finding f : findings) {
      m.merge(f.property(), f.verdict(), PropertyVerdict::and);
    }
    return m;
  }

  /**
   * Returns the findings of one check.
   *
   * @param check the check's name
   * @return the finding
   * @throws java.util.NoSuchElementException if the check did not run
   */
  public Finding finding(String check) {
    return findings.stream().filter(f -> f.check().equals(check)).findFirst().orElseThrow();
  }

  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    verdicts().forEach((p, v) -> sb.append(p).append(": ").append(v).append('\n'));
    findings.forEach(f -> sb.append("  ").append(f).append('\n'));
    return sb.toString();
  }
}
