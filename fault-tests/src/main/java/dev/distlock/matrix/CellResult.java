package dev.distlock.matrix;

import dev.distlock.SafetyProperty;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.generator.Plan;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The runs of one cell and what they add up to, per property.
 *
 * @param row the row
 * @param column the column
 * @param runs the runs, in order
 * @param expectations the TLA+ expectation per property
 * @param shrunk the smallest failing plan found per violated property (only those shrunk)
 */
public record CellResult(
    Row row,
    Column column,
    List<RunRecord> runs,
    Map<SafetyProperty, Expectation> expectations,
    Map<SafetyProperty, Shrunk> shrunk) {

  /** Copies the collections. */
  public CellResult {
    runs = List.copyOf(runs);
    expectations = Map.copyOf(expectations);
    shrunk = Map.copyOf(shrunk);
  }

  /**
   * The smallest plan found that still violates a property.
   *
   * @param smallest the plan
   * @param attempts how many candidate runs the search took
   */
  public record Shrunk(Plan smallest, int attempts) {}

  /**
   * Returns the runs that produced verdicts (no error).
   *
   * @return the checked runs
   */
  public List<RunRecord> checkedRuns() {
    return runs.stream().filter(r -> r.error() == null).toList();
  }

  /**
   * Returns the merged observed verdict of a property: violated if any run violated it, holds if
   * every checked run held, unknown otherwise; empty if no run was checked.
   *
   * @param p the property
   * @return the verdict
   */
  public Optional<PropertyVerdict> observed(SafetyProperty p) {
    List<RunRecord> checked = checkedRuns();
    if (checked.isEmpty()) {
      return Optional.empty();
    }
    PropertyVerdict v = PropertyVerdict.HOLDS;
    for (RunRecord r : checked) {
      PropertyVerdict x = r.verdict(p);
      v = v.and(x == null ? PropertyVerdict.UNKNOWN : x);
    }
    return Optional.of(v);
  }

  /**
   * Returns the first run that violated a property.
   *
   * @param p the property
   * @return the run
   */
  public Optional<RunRecord> firstViolation(SafetyProperty p) {
    return checkedRuns().stream().filter(r -> r.verdict(p) == PropertyVerdict.VIOLATED).findFirst();
  }

  /**
   * Compares the observed verdict with the expectation.
   *
   * @param p the property
   * @return the outcome
   */
  public Outcome outcome(SafetyProperty p) {
    Optional<PropertyVerdict> v = observed(p);
    boolean expected = expectations.get(p).violated();
    if (v.isPresent() && v.get() == PropertyVerdict.VIOLATED) {
      return expected ? Outcome.AGREES : Outcome.DISAGREES;
    }
    if (v.isPresent() && v.get() == PropertyVerdict.HOLDS) {
      return expected ? Outcome.NOT_REACHED : Outcome.AGREES;
    }
    return Outcome.INCONCLUSIVE;
  }

  /**
   * Returns the cell's anchor in the HTML report and its runs' directory name.
   *
   * @return e.g. {@code redlock-guard--clock-jump}
   */
  public String id() {
    return row.label().replace('+', '-') + "--" + column.label();
  }
}
