package dev.distlock.generator;

import dev.distlock.Fault;
import java.time.Duration;
import java.util.Objects;

/**
 * One entry of a plan's nemesis schedule: which fault, in which round, on how many lock servers,
 * for how long.
 *
 * <p>Every step strikes while a holder is inside its critical section (it has read the stock and
 * not yet written it back), the window where a fault can do harm; a split-brain partition of a
 * dual-write group starts just before that holder acquires.
 *
 * @param fault the fault
 * @param round the round of the workload it strikes in (0-based)
 * @param nodes how many lock servers it hits (partition, server pause, clock jump, crash); clients
 *     faults ignore it
 * @param window the longest time the fault stays in effect; it heals earlier once the contending
 *     client is done
 * @param size the fault's magnitude: the added delay in ms for latency, the jump in ms for a clock
 *     jump, the number of acquisitions the replica misses before a failover (0: the promoted
 *     replica hands out the holder's token again); unused otherwise
 */
public record FaultStep(Fault fault, int round, int nodes, Duration window, long size) {

  /** Validates the step. */
  public FaultStep {
    Objects.requireNonNull(fault, "fault");
    Objects.requireNonNull(window, "window");
    if (round < 0 || nodes < 1 || window.isNegative() || window.isZero() || size < 0) {
      throw new IllegalArgumentException(
          "bad fault step: round " + round + ", nodes " + nodes + ", window " + window);
    }
  }

  /**
   * Returns a copy with another window.
   *
   * @param value the window
   * @return the copy
   */
  public FaultStep withWindow(Duration value) {
    return new FaultStep(fault, round, nodes, value, size);
  }

  @Override
  public String toString() {
    String s = fault.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    return s
        + "@round"
        + round
        + "(nodes="
        + nodes
        + ", window="
        + window.toMillis()
        + "ms"
        + (size > 0 ? ", size=" + size : "")
        + ")";
  }
}
