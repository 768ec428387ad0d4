package dev.distlock.generator;

import dev.distlock.Fault;
import dev.distlock.workload.LockKind;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Derives a continuous {@link LoadPlan} from a seed, Jepsen-style: fault, heal, quiet, fault … with
 * random targets (which clients, which nodes, one or several) and windows drawn around the
 * thresholds that matter (the 250 ms request timeout, the TTL or session timeout), combined where
 * that makes sense (a partition with latency on other links; a clock jump with a client pause).
 * Pure: the same arguments give the same plan. Also parses a plan back from {@link
 * LoadPlan#encode()} and lists one-step shrinks.
 */
public final class LoadGenerator {
  /** The request timeout of every client of the matrix (DeploymentOptions' default). */
  public static final long REQUEST_TIMEOUT_MS = 250;

  private static final long[] TTLS_MS = {1500, 2000, 3000};
  private static final long[] SESSIONS_MS = {2000, 3000};
  private static final double[] FACTORS = {0.5, 0.9, 1.2, 2, 3};

  /** Runs at least this long get up to ten clients (soak); shorter ones five or six. */
  private static final long LONG_RUN_MS = 60_000;

  private LoadGenerator() {}

  /**
   * Derives the plan of one continuous run.
   *
   * @param kind the lock deployment
   * @param guarded whether the resource is guarded
   * @param fault the fault of the matrix column (empty: the control, no schedule)
   * @param seed the run's seed
   * @param durationMs how long the clients loop
   * @return the plan
   */
  public static LoadPlan generate(
      LockKind kind, boolean guarded, Optional<Fault> fault, long seed, long durationMs) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x6C6F6164L);
    int clients = 5 + r.nextInt(durationMs >= LONG_RUN_MS ? 6 : 2);
    int names = 2 + r.nextInt(3);
    long[] ttls = kind == LockKind.ZOOKEEPER ? SESSIONS_MS : TTLS_MS;
    long ttl = ttls[r.nextInt(ttls.length)];
    long think = 20 + r.nextInt(180);
    List<LoadFault> schedule = new ArrayList<>();
    if (fault.isPresent()) {
      Fault f = fault.get();
      long t = 500 + r.nextInt(1000);
      long last = durationMs - 1500;
      boolean failedOver = false;
      while (t < last) {
        // A window that would outlast the run is cut short rather than dropped.
        long window = Math.min(window(f, ttl, r), last - t);
        if (f == Fault.SERVER_PAUSE && kind.serverFailover()) {
          // Below the servers' failure detector: a longer pause is the failover column.
          window = Math.min(window, PlanGenerator.SERVER_FAILOVER_DETECTOR_MS * 7 / 10);
        }
        if (window < 100) {
          break;
        }
        if (f == Fault.FAILOVER) {
          // A failover cannot be undone: one per run, its window only delays the next quiet.
          if (failedOver) {
            break;
          }
          failedOver = true;
        }
        boolean combine = window >= 300 && r.nextInt(10) < 3;
        if (f == Fault.PARTITION && combine) {
          // Latency first, so that calls are slow and in flight when the same links are cut.
          LoadFault slow = fault(kind, Fault.LATENCY, t, window, ttl, clients, r, List.of());
          schedule.add(slow);
          schedule.add(
              new LoadFault(
                  f, t + window / 3, window - window / 3, slow.clients(), slow.nodes(), 0));
        } else if (f == Fault.CLOCK_JUMP && combine) {
          // The classic: a client frozen, and the servers' clocks jump while it is.
          schedule.add(fault(kind, Fault.CLIENT_PAUSE, t, window, ttl, clients, r, List.of()));
          LoadFault jump = fault(kind, f, t, window, ttl, clients, r, List.of());
          schedule.add(
              new LoadFault(
                  f,
                  t + window / 2,
                  window - window / 2,
                  jump.clients(),
                  jump.nodes(),
                  jump.size()));
        } else {
          schedule.add(fault(kind, f, t, window, ttl, clients, r, List.of()));
        }
        t += window + 300 + r.nextInt(2000);
      }
    }
    schedule = aimed(schedule, seed, kind);
    schedule.sort(java.util.Comparator.comparingLong(LoadFault::atMs));
    return new LoadPlan(
        seed, kind, guarded, fault, clients, names, durationMs, ttl, think, schedule);
  }

  /**
   * Aims half the starts at a kind of backend call, so that faults land on calls in flight and not
   * only between them (a call takes a millisecond, a renewal comes once per third of a TTL). Drawn
   * from a generator of their own, so that the rest of a seed's plan is what it was before aims.
   * Renewals only where the lock renews (not ZooKeeper's session-held leases); a failover starts
   * when planned.
   */
  private static List<LoadFault> aimed(List<LoadFault> schedule, long seed, LockKind kind) {
    SplittableRandom r = new SplittableRandom(seed ^ 0x61696dL);
    List<String> kinds = kind.zooKeeper() ? List.of("acquire", "release") : LoadFault.AIMS;
    List<LoadFault> out = new ArrayList<>();
    for (LoadFault f : schedule) {
      boolean aim = r.nextBoolean() && f.fault() != Fault.FAILOVER;
      out.add(aim ? f.withAim(kinds.get(r.nextInt(kinds.size()))) : f);
    }
    return out;
  }

  private static long window(Fault f, long ttl, SplittableRandom r) {
    if (f == Fault.CRASH_RESTART || f == Fault.FAILOVER) {
      // The fault is instantaneous; the window is the time before the next quiet.
      return 300 + r.nextInt(1000);
    }
    long threshold = r.nextBoolean() ? REQUEST_TIMEOUT_MS : ttl;
    return Math.max(100, (long) (threshold * FACTORS[r.nextInt(FACTORS.length)]));
  }

  private static LoadFault fault(
      LockKind kind,
      Fault f,
      long at,
      long window,
      long ttl,
      int clients,
      SplittableRandom r,
      List<Integer> avoid) {
    List<Integer> cs = List.of();
    List<Integer> ns = List.of();
    long size = 0;
    switch (f) {
      case PARTITION -> {
        cs = subset(1, clients, Math.min(3, clients), r, avoid);
        ns = subset(0, kind.nodes() - 1, kind.nodes(), r, List.of());
      }
      case LATENCY -> {
        cs = subset(1, clients, clients, r, avoid);
        ns = subset(0, kind.nodes() - 1, kind.nodes(), r, List.of());
        size = (long) (REQUEST_TIMEOUT_MS * new double[] {0.4, 0.8, 1.2, 2}[r.nextInt(4)]);
      }
      case CLIENT_PAUSE -> cs = subset(1, clients, 2, r, List.of());
      case SERVER_PAUSE, CRASH_RESTART ->
          ns = subset(0, kind.nodes() - 1, kind.nodes(), r, List.of());
      case CLOCK_JUMP -> {
        ns = subset(0, kind.nodes() - 1, kind.nodes(), r, List.of());
        long[] jumps = {ttl / 2, 2 * ttl, 10_000 + r.nextInt(50_000)};
        size = jumps[r.nextInt(jumps.length)];
      }
      case FAILOVER -> ns = List.of(0);
    }
    return new LoadFault(f, at, window, cs, ns, size);
  }

  /** A non-empty random subset of [lo, hi] of at most {@code max} elements, avoiding some. */
  private static List<Integer> subset(
      int lo, int hi, int max, SplittableRandom r, List<Integer> avoid) {
    List<Integer> pool = new ArrayList<>();
    for (int i = lo; i <= hi; i++) {
      if (!avoid.contains(i)) {
        pool.add(i);
      }
    }
    if (pool.isEmpty()) {
      pool.add(lo);
    }
    int n = 1 + r.nextInt(Math.min(max, pool.size()));
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(pool.remove(r.nextInt(pool.size())));
    }
    out.sort(null);
    return out;
  }

  /**
   * Reads a plan back from {@link LoadPlan#encode()}'s form, for replaying a shrunk plan.
   *
   * @param kind the lock deployment
   * @param guarded whether the resource is guarded
   * @param fault the column's fault
   * @param seed the seed (drives the clients' random choices)
   * @param spec e.g. {@code clients=5;names=2;duration=8000;ttl=1500;think=50;faults=...}
   * @return the plan
   * @throws IllegalArgumentException if malformed
   */
  public static LoadPlan parse(
      LockKind kind, boolean guarded, Optional<Fault> fault, long seed, String spec) {
    Map<String, String> m = new HashMap<>();
    for (String kv : spec.trim().split(";")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException("bad load plan part '" + kv + "' in " + spec);
      }
      m.put(kv.substring(0, eq).trim(), kv.substring(eq + 1).trim());
    }
    List<LoadFault> faults = new ArrayList<>();
    String fs = m.getOrDefault("faults", "");
    if (!fs.isEmpty()) {
      for (String f : fs.split(",")) {
        faults.add(LoadFault.parse(f));
      }
    }
    try {
      return new LoadPlan(
          seed,
          kind,
          guarded,
          fault,
          Integer.parseInt(m.get("clients")),
          Integer.parseInt(m.get("names")),
          Long.parseLong(m.get("duration")),
          Long.parseLong(m.get("ttl")),
          Long.parseLong(m.get("think")),
          faults);
    } catch (NumberFormatException | NullPointerException e) {
      throw new IllegalArgumentException("bad load plan " + spec + ": missing or bad number", e);
    }
  }

  /**
   * Returns the one-step shrinks of a plan, most promising first: drop a fault, halve a window,
   * fewer targets, fewer clients, a shorter run, fewer names. Each is strictly lighter.
   *
   * @param p the plan
   * @return the candidates
   */
  public static List<LoadPlan> candidates(LoadPlan p) {
    List<LoadPlan> out = new ArrayList<>();
    List<LoadFault> s = p.schedule();
    for (int i = s.size() - 1; i >= 0; i--) {
      List<LoadFault> fewer = new ArrayList<>(s);
      fewer.remove(i);
      out.add(with(p, p.clients(), p.names(), p.durationMs(), fewer));
    }
    for (int i = 0; i < s.size(); i++) {
      LoadFault f = s.get(i);
      if (f.windowMs() >= 200) {
        List<LoadFault> shorter = new ArrayList<>(s);
        shorter.set(i, f.withWindow(f.windowMs() / 2));
        out.add(with(p, p.clients(), p.names(), p.durationMs(), shorter));
      }
      if (!f.aim().isEmpty()) {
        List<LoadFault> unaimed = new ArrayList<>(s);
        unaimed.set(i, f.withAim(""));
        out.add(with(p, p.clients(), p.names(), p.durationMs(), unaimed));
      }
      if (f.clients().size() > 1 || f.nodes().size() > 1) {
        List<LoadFault> narrower = new ArrayList<>(s);
        narrower.set(
            i,
            f.withTargets(
                f.clients().size() > 1
                    ? f.clients().subList(0, f.clients().size() - 1)
                    : f.clients(),
                f.nodes().size() > 1 ? f.nodes().subList(0, f.nodes().size() - 1) : f.nodes()));
        out.add(with(p, p.clients(), p.names(), p.durationMs(), narrower));
      }
    }
    boolean lastTargeted = s.stream().anyMatch(f -> f.clients().contains(p.clients()));
    if (p.clients() > 1 && !lastTargeted) {
      out.add(with(p, p.clients() - 1, p.names(), p.durationMs(), s));
    }
    long lastEnd = s.stream().mapToLong(LoadFault::endMs).max().orElse(0);
    long half = p.durationMs() / 2;
    if (half >= 2000 && lastEnd + 1500 <= half) {
      out.add(with(p, p.clients(), p.names(), half, s));
    }
    if (p.names() > 1) {
      out.add(with(p, p.clients(), p.names() - 1, p.durationMs(), s));
    }
    return out;
  }

  private static LoadPlan with(
      LoadPlan p, int clients, int names, long duration, List<LoadFault> schedule) {
    return new LoadPlan(
        p.seed(),
        p.kind(),
        p.guarded(),
        p.column(),
        clients,
        names,
        duration,
        p.ttlMs(),
        p.thinkMs(),
        schedule);
  }
}
