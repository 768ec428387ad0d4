package dev.distlock.matrix;

import dev.distlock.SafetyProperty;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.generator.RunPlan;
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
  public record Shrunk(RunPlan smallest, int attempts) {}

  /** What the matrix expects of liveness everywhere: empirical, no TLA+ configuration states it. */
  public static final String LIVENESS_SOURCE = "empirical";

  /**
   * Returns the runs that checked liveness (the continuous runs without error).
   *
   * @return those runs
   */
  public List<RunRecord> livenessRuns() {
    return checkedRuns().stream().filter(r -> r.load() != null).toList();
  }

  /**
   * Returns the merged liveness verdict of the continuous runs.
   *
   * @return the verdict; empty if no continuous run was checked
   */
  public Optional<PropertyVerdict> liveness() {
    List<RunRecord> runs = livenessRuns();
    if (runs.isEmpty()) {
      return Optional.empty();
    }
    PropertyVerdict v = PropertyVerdict.HOLDS;
    for (RunRecord r : runs) {
      v = v.and(r.load().liveness());
    }
    return Optional.of(v);
  }

  /**
   * Compares liveness with what the matrix expects (it holds): a violation DISAGREES.
   *
   * @return the outcome, or empty when no continuous run was checked
   */
  public Optional<Outcome> livenessOutcome() {
    return liveness()
        .map(
            v ->
                switch (v) {
                  case HOLDS -> Outcome.AGREES;
                  case VIOLATED -> Outcome.DISAGREES;
                  case UNKNOWN -> Outcome.INCONCLUSIVE;
                });
  }

  /**
   * Returns the longest measured recovery time of the continuous runs.
   *
   * @return milliseconds, or -1 if none was measured
   */
  public double recoveryMillis() {
    return livenessRuns().stream().mapToDouble(r -> r.load().recoveryMillis()).max().orElse(-1);
  }

  /**
   * Returns the first continuous run whose liveness was violated.
   *
   * @return the run
   */
  public Optional<RunRecord> firstLivenessViolation() {
    return livenessRuns().stream()
        .filter(r -> r.load().liveness() == PropertyVerdict.VIOLATED)
        .findFirst();
  }

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
