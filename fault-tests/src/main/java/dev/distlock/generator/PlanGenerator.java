package dev.distlock.generator;

import dev.distlock.Fault;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Derives a {@link Plan} from a seed. Pure: the same arguments give the same plan.
 *
 * <p>Random plans rarely hit the few milliseconds where a fault does harm, so every plan aims at
 * the critical window, as the targeted scenarios do: its first fault step strikes while a holder is
 * mid-decrement, with the parameters that make the known failure reachable (a pause or partition
 * longer than the TTL, every lock server's clock jumped or data lost, a failover that loses exactly
 * the holder's acquisition, a split that hides a different dual-write node from each client,
 * successive outages of the two dual-write nodes for a server pause or latency beyond the request
 * timeout; crashes strike the very first acquisition, so that restarted counters repeat its token).
 * The seed draws the rest: clients, rounds, op mix, TTL, windows, magnitudes, and possibly a
 * second, freely drawn step in a later round.
 */
public final class PlanGenerator {
  private static final long[] TTLS_MS = {1000, 1500, 2000};

  /**
   * Crashing five servers or failing over takes hundreds of milliseconds on a loaded machine: the
   * holder must still believe it holds the lock when the contender gets in, or nothing is tested.
   */
  private static final long[] SLOW_FAULT_TTLS_MS = {2000, 3000};

  /**
   * A failover that Sentinel or a cluster decides takes seconds (a node timeout of 1 s, then a vote
   * and the promotion): the holder must outlast it, or only the token's regression shows.
   */
  private static final long[] SERVER_FAILOVER_TTLS_MS = {8000, 10000};

  /** ZooKeeper has no TTL: the plan's TTL is the session timeout. */
  private static final long ZOOKEEPER_SESSION_MS = 2000;

  private PlanGenerator() {}

  /**
   * Derives the plan of one run.
   *
   * @param kind the lock deployment
   * @param guarded whether the resource is guarded
   * @param fault the fault of the matrix column (empty: the control, no schedule)
   * @param seed the run's seed
   * @return the plan
   */
  public static Plan generate(LockKind kind, boolean guarded, Optional<Fault> fault, long seed) {
    SplittableRandom r = new SplittableRandom(seed);
    int clients = 2 + r.nextInt(3);
    int rounds = 1 + r.nextInt(3);
    int extraHolds = r.nextInt(3);
    int decrements = 1 + r.nextInt(2);
    long[] ttls =
        fault.isPresent()
                && (EnumSet.of(Fault.CRASH_RESTART, Fault.FAILOVER, Fault.CLOCK_JUMP)
                        .contains(fault.get())
                    || successiveOutages(kind, fault.get()))
            ? SLOW_FAULT_TTLS_MS
            : TTLS_MS;
    if (kind.serverFailover() && fault.orElse(null) == Fault.FAILOVER) {
      ttls = SERVER_FAILOVER_TTLS_MS;
    }
    long ttlMs = ttls[r.nextInt(ttls.length)];
    Duration ttl = Duration.ofMillis(kind.zooKeeper() ? ZOOKEEPER_SESSION_MS : ttlMs);
    List<FaultStep> schedule = new ArrayList<>();
    if (fault.isPresent()) {
      Fault f = fault.get();
      // Crashes must hit the first acquisition (token 1) for restarted counters to repeat it.
      int first = f == Fault.CRASH_RESTART ? 0 : r.nextInt(rounds);
      schedule.add(step(kind, f, first, ttl, r, true));
      // A failover cannot be undone: one per run.
      if (f != Fault.FAILOVER && first + 1 < rounds && r.nextBoolean()) {
        int second = first + 1 + r.nextInt(rounds - first - 1);
        schedule.add(step(kind, f, second, ttl, r, false));
      }
    }
    return new Plan(
        seed, kind, guarded, fault, clients, rounds, extraHolds, decrements, ttl, schedule);
  }

  private static FaultStep step(
      LockKind kind, Fault f, int round, Duration ttl, SplittableRandom r, boolean critical) {
    int all = kind.nodes();
    long t = ttl.toMillis();
    return switch (f) {
      case PARTITION -> {
        // Dual-write: 2 = the split (each client loses a different node); 1 = the holder loses one.
        int nodes = kind == LockKind.DUAL_WRITE ? (critical ? 2 : 1 + r.nextInt(2)) : pick(all, r);
        yield new FaultStep(f, round, critical ? all(kind, nodes) : nodes, window(kind, t, r), 0);
      }
      case LATENCY ->
          new FaultStep(
              f,
              round,
              critical ? all : pick(all, r),
              window(kind, t, r),
              // A dual-write outage: replies slower than the request timeout (250 ms) even with
              // the jitter (a quarter of the delay) taken off.
              critical && successiveOutages(kind, f) ? 400 + r.nextInt(400) : 100 + r.nextInt(500));
      case SERVER_PAUSE, CLIENT_PAUSE ->
          new FaultStep(
              f,
              round,
              critical ? all : pick(all, r),
              f == Fault.SERVER_PAUSE && kind.serverFailover()
                  ? serverFailoverPause(r)
                  : window(kind, t, r),
              0);
      case CLOCK_JUMP ->
          new FaultStep(
              f,
              round,
              critical ? all : pick(all, r),
              Duration.ofMillis(1000 + r.nextInt(1000)),
              Math.max(2 * t, 10_000 + r.nextInt(50_000)));
      case CRASH_RESTART ->
          new FaultStep(
              f,
              round,
              critical ? all : pick(all, r),
              Duration.ofMillis(1000 + r.nextInt(1000)),
              0);
      case FAILOVER -> new FaultStep(f, round, 1, Duration.ofMillis(1000 + r.nextInt(1000)), 0);
    };
  }

  /**
   * True if the critical step of {@code f} on {@code kind} is two successive single-node outages
   * (DualWrite_SuccessiveOutages, DualWrite_OneNodeOutage): a dual-write group, a server pause or
   * latency beyond the request timeout. Such a step has {@code nodes} = 2: node 0 is out, then node
   * 1 (see {@code PlanExecutor}). It gets the longer TTLs: each outage costs a request timeout.
   *
   * @param kind the lock deployment
   * @param f the fault
   * @return whether the step of that fault with every node means successive outages
   */
  public static boolean successiveOutages(LockKind kind, Fault f) {
    return kind == LockKind.DUAL_WRITE && (f == Fault.SERVER_PAUSE || f == Fault.LATENCY);
  }

  private static int all(LockKind kind, int nodes) {
    return kind == LockKind.DUAL_WRITE ? nodes : kind.nodes();
  }

  /**
   * Long enough for a lease to lapse: TTL + 0.5 s up to 2 TTL + 0.5 s; for ZooKeeper, whose server
   * notices an expired session only on its next tick, twice the session timeout + 1 s and up to a
   * session timeout more.
   */
  /**
   * Sentinel's {@code down-after-milliseconds} and the cluster's {@code cluster-node-timeout} in
   * the harness. On those rows a server pause stays below it: a longer pause is a failover the
   * servers decide (the sentinels promote the replica while the old master still acknowledges
   * writes), and that is the failover column, with {@code SingleRedis_Failover}'s expectation. Seen
   * when the pause was not capped: seed 20261202, a 1,950 ms pause, the token went back.
   */
  public static final long SERVER_FAILOVER_DETECTOR_MS = 1000;

  /** A pause of the servers of a self-failing-over row: 200 to 700 ms, below the detector. */
  static Duration serverFailoverPause(SplittableRandom r) {
    return Duration.ofMillis(200 + r.nextInt(501));
  }

  private static Duration window(LockKind kind, long ttlMs, SplittableRandom r) {
    long min = kind.zooKeeper() ? 2 * ttlMs + 1000 : ttlMs + 500;
    return Duration.ofMillis(min + r.nextLong(ttlMs + 1));
  }

  private static int pick(int nodes, SplittableRandom r) {
    return 1 + r.nextInt(nodes);
  }
}
