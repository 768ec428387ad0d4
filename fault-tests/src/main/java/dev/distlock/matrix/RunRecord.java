package dev.distlock.matrix;

import dev.distlock.SafetyProperty;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.generator.Plan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one property run of the matrix produced, small enough to keep for a whole campaign.
 *
 * @param plan the plan that ran
 * @param verdicts the verdict per property (empty if the run failed before its checks)
 * @param error why the run could not be carried out (a server that did not start, a step of the
 *     workload that failed), or null; an errored run gives no verdict
 * @param detail the checks' findings, one per line
 * @param dir the run's directory (histories, {@code results.txt}, timelines)
 * @param timelines the timeline HTML files of invalid histories
 * @param samples the latency of every completed operation
 * @param windows when each fault was in effect
 * @param nanos how long the run took, deployment included
 */
public record RunRecord(
    Plan plan,
    Map<SafetyProperty, PropertyVerdict> verdicts,
    String error,
    String detail,
    Path dir,
    List<Path> timelines,
    List<Sample> samples,
    List<Window> windows,
    long nanos) {

  /** Copies the collections. */
  public RunRecord {
    verdicts = Map.copyOf(verdicts);
    timelines = List.copyOf(timelines);
    samples = List.copyOf(samples);
    windows = List.copyOf(windows);
  }

  /**
   * One operation's latency.
   *
   * @param atSeconds when it was invoked, seconds from the run's first invocation
   * @param millis how long it took
   * @param f the operation ({@code acquire}, {@code release}, {@code decrement}, …)
   * @param ok whether it completed with ok
   */
  public record Sample(double atSeconds, double millis, String f, boolean ok) {}

  /**
   * A fault window on the same time axis as the samples.
   *
   * @param fromSeconds when the fault took effect
   * @param toSeconds when it was healed
   * @param label the nemesis's description
   */
  public record Window(double fromSeconds, double toSeconds, String label) {}

  /**
   * Returns the verdict of a property.
   *
   * @param p the property
   * @return the verdict, or null if none
   */
  public PropertyVerdict verdict(SafetyProperty p) {
    return verdicts.get(p);
  }
}
