package dev.distlock.matrix;

import dev.distlock.SafetyProperty;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.generator.RunPlan;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What one property run of the matrix produced, small enough to keep for a whole campaign.
 *
 * @param plan the plan that ran: targeted or continuous
 * @param verdicts the verdict per property (empty if the run failed before its checks)
 * @param error why the run could not be carried out (a server that did not start, a step of the
 *     workload that failed), or null; an errored run gives no verdict
 * @param detail the checks' findings, one per line
 * @param dir the run's directory (histories, {@code results.txt}, timelines)
 * @param timelines the timeline HTML files of invalid histories
 * @param samples the latency of every completed operation
 * @param windows when each fault was in effect
 * @param nanos how long the run took, deployment included
 * @param load what a continuous run adds (liveness, recovery, faults in flight), or null for a
 *     targeted run
 */
public record RunRecord(
    RunPlan plan,
    Map<SafetyProperty, PropertyVerdict> verdicts,
    String error,
    String detail,
    Path dir,
    List<Path> timelines,
    List<Sample> samples,
    List<Window> windows,
    long nanos,
    Load load) {

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
   * What a continuous run adds to the safety verdicts.
   *
   * @param liveness the liveness verdict
   * @param findings the liveness findings, one per line
   * @param recoveryMillis the measured recovery time after the final heal (-1: none)
   * @param boundMillis the recovery bound
   * @param bound the bound's derivation
   * @param lockOps lock operations (acquire, release) in the history
   * @param starts what was in flight as each fault started
   */
  public record Load(
      PropertyVerdict liveness,
      String findings,
      double recoveryMillis,
      long boundMillis,
      String bound,
      int lockOps,
      List<FaultStart> starts) {
    /** Copies the list. */
    public Load {
      starts = List.copyOf(starts);
    }

    /**
     * Sums the in-flight counts over every fault start.
     *
     * @return backend calls (acquire, renew, release, from the clients' stack samples) and
     *     operations of the histories (by {@code f}), by name
     */
    public Map<String, Integer> inFlightTotals() {
      Map<String, Integer> m = new java.util.TreeMap<>();
      for (FaultStart s : starts) {
        s.rpcs().forEach((k, v) -> m.merge("rpc-" + k, v, Integer::sum));
        s.ops().forEach((k, v) -> m.merge("op-" + k, v, Integer::sum));
      }
      return m;
    }
  }

  /**
   * What was under way when one fault started.
   *
   * @param label the nemesis's description
   * @param atSeconds when, on the samples' time axis
   * @param ops operations of the histories invoked and not yet completed, by {@code f}
   * @param rpcs backend calls under way in the client JVMs (acquire, renew, release)
   * @param unanswered clients that did not answer the probe (already paused)
   */
  public record FaultStart(
      String label,
      double atSeconds,
      Map<String, Integer> ops,
      Map<String, Integer> rpcs,
      int unanswered) {
    /** Copies the maps. */
    public FaultStart {
      ops = Map.copyOf(ops);
      rpcs = Map.copyOf(rpcs);
    }
  }

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
