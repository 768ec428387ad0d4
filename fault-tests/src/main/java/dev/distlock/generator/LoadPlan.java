package dev.distlock.generator;

import dev.distlock.Fault;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A continuous run, fully determined: {@code clients} lock clients each loop acquire → read stock →
 * decrement (through the guard when guarded) → release over {@code names} lock names (name 0 is the
 * hot one, picked half the time), with random think times up to {@code thinkMs}, for {@code
 * durationMs}, while the nemesis {@code schedule} plays; then every client acquires and releases
 * every name it used (the recovery pass).
 *
 * @param seed the seed it was derived from
 * @param kind the lock deployment
 * @param guarded whether the resource is accessed through the fencing guard
 * @param column the fault the run is about (empty: the control, no schedule)
 * @param clients number of lock clients, at least 1
 * @param names number of lock names, at least 1
 * @param durationMs how long the clients loop
 * @param ttlMs lease TTL (the watchdog renews every TTL/3); for ZooKeeper the session timeout
 * @param thinkMs longest pause between two holds of one client
 * @param schedule the faults, ordered by start
 */
public record LoadPlan(
    long seed,
    LockKind kind,
    boolean guarded,
    Optional<Fault> column,
    int clients,
    int names,
    long durationMs,
    long ttlMs,
    long thinkMs,
    List<LoadFault> schedule)
    implements RunPlan {

  /** Validates and copies. */
  public LoadPlan {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(column, "column");
    schedule = List.copyOf(schedule);
    if (clients < 1 || names < 1 || durationMs < 1 || ttlMs < 1 || thinkMs < 0) {
      throw new IllegalArgumentException(
          "bad load plan: clients " + clients + ", names " + names + ", duration " + durationMs);
    }
    for (LoadFault f : schedule) {
      for (int c : f.clients()) {
        if (c < 1 || c > clients) {
          throw new IllegalArgumentException("fault " + f + " targets a missing client");
        }
      }
      for (int n : f.nodes()) {
        if (n < 0 || n >= kind.nodes()) {
          throw new IllegalArgumentException("fault " + f + " targets a missing node");
        }
      }
    }
  }

  /**
   * Returns the lock names (the hot one first).
   *
   * @return e.g. {@code [hot, n1, n2]}
   */
  public List<String> lockNames() {
    List<String> out = new ArrayList<>();
    out.add("hot");
    for (int i = 1; i < names; i++) {
      out.add("n" + i);
    }
    return out;
  }

  /**
   * Returns the lease TTL.
   *
   * @return the TTL
   */
  public Duration ttl() {
    return Duration.ofMillis(ttlMs);
  }

  /**
   * Returns how many faults of each kind the schedule plays.
   *
   * @return counts by fault
   */
  public Map<Fault, Integer> faultCounts() {
    Map<Fault, Integer> m = new TreeMap<>();
    schedule.forEach(f -> m.merge(f.fault(), 1, Integer::sum));
    return m;
  }

  @Override
  public long weight() {
    long w = schedule.size() * 1_000_000L;
    for (LoadFault f : schedule) {
      w += f.windowMs() * 10 + (f.clients().size() + f.nodes().size()) * 100L;
      w += f.aim().isEmpty() ? 0 : 1; // an aimed start is one thing more to explain
    }
    return w + clients * 1000L + durationMs / 2 + names * 10L;
  }

  /**
   * Returns the plan's variable part in the form {@link LoadGenerator#parse} reads back (used by
   * {@code --load-plan} to replay a shrunk plan).
   *
   * @return e.g. {@code clients=6;names=3;duration=20000;ttl=1500;think=200;faults=...}
   */
  public String encode() {
    return "clients="
        + clients
        + ";names="
        + names
        + ";duration="
        + durationMs
        + ";ttl="
        + ttlMs
        + ";think="
        + thinkMs
        + ";faults="
        + schedule.stream().map(LoadFault::encode).collect(Collectors.joining(","));
  }

  @Override
  public String describe() {
    return "continuous seed="
        + seed
        + " lock="
        + kind
        + (guarded ? "+guard" : "")
        + " fault="
        + column.map(Enum::name).orElse("NONE")
        + " "
        + encode().replace(';', ' ');
  }

  @Override
  public String toString() {
    return describe();
  }
}
