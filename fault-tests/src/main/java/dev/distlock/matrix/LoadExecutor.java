package dev.distlock.matrix;

import dev.distlock.Fault;
import dev.distlock.check.LeaseWatch;
import dev.distlock.check.LivenessChecks;
import dev.distlock.check.LivenessFinding;
import dev.distlock.client.ClientProcess;
import dev.distlock.client.Reply;
import dev.distlock.cluster.Timing;
import dev.distlock.generator.LoadFault;
import dev.distlock.generator.LoadPlan;
import dev.distlock.history.History;
import dev.distlock.history.Op;
import dev.distlock.nemesis.Nemesis;
import dev.distlock.workload.Deployment;
import dev.distlock.workload.FaultWindow;
import dev.distlock.workload.LoopingActor;
import dev.distlock.workload.Run;
import dev.distlock.workload.RunResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Carries out a continuous {@link LoadPlan} on a fresh {@link Deployment}: starts its clients (in
 * parallel), lets each loop ({@link LoopingActor}) while the nemesis schedule plays on this thread,
 * heals, runs the recovery pass (every client acquires and releases every name it used, each
 * acquire waiting up to the recovery bound), waits for lock entries to go, closes every client's
 * lock client, and checks safety (the run's histories) and liveness (recovery, stuck leases, token
 * sanity, leaks). Before each fault starts it asks every client which backend calls are under way
 * (a stack sample in the child), and the history tells which operations were.
 */
final class LoadExecutor {
  /** Stock per item: never sold out in a run, so every hold writes. */
  private static final long STOCK = 1_000_000;

  private static final Duration PROBE = Duration.ofMillis(300);

  /** The longest an aimed fault start waits for a call of its kind to be under way. */
  static final Duration AIM_WAIT = Duration.ofMillis(1500);

  /**
   * The delay added to the aimed clients' links while an aimed start waits: 0.4 of the generator's
   * request timeout, so calls are slow but do not time out.
   */
  static final long AIM_LATENCY_MS = 100;

  private static final long MONITOR_MS = 500;

  /**
   * Operations under way when a fault started.
   *
   * @param label the nemesis's description
   * @param atNanos when it started (history clock)
   * @param child backend calls under way in the clients' JVMs (acquire, renew, release), summed
   * @param unanswered clients that did not answer the probe (paused)
   */
  record Start(String label, long atNanos, Map<String, Integer> child, int unanswered) {}

  /**
   * Everything a continuous run produced.
   *
   * @param result the checked run (safety verdicts, histories, fault windows)
   * @param liveness the liveness findings
   * @param recoveryMillis measured recovery time (-1 if nothing recovered)
   * @param bound the bounds the checks used
   * @param starts what was in flight as each fault started
   */
  record Outcome(
      RunResult result,
      List<LivenessFinding> liveness,
      double recoveryMillis,
      LivenessBound bound,
      List<Start> starts) {}

  private LoadExecutor() {}

  static Outcome execute(LoadPlan plan, Deployment d, String name, boolean fencing) {
    ExecutorService pool =
        Executors.newCachedThreadPool(
            r -> {
              Thread t = new Thread(r, "load-" + name);
              t.setDaemon(true);
              return t;
            });
    try {
      return new Runner(plan, d, name, pool, fencing).run();
    } finally {
      pool.shutdownNow();
    }
  }

  private static final class Runner {
    private final LoadPlan plan;
    private final Deployment d;
    private final String name;
    private final ExecutorService pool;
    private final LivenessBound bound;
    private final Map<Integer, ClientProcess> clients = new TreeMap<>();
    private final boolean fencing;

    Runner(LoadPlan plan, Deployment d, String name, ExecutorService pool, boolean fencing) {
      this.fencing = fencing;
      this.plan = plan;
      this.d = d;
      this.name = name;
      this.pool = pool;
      this.bound = LivenessBound.of(plan);
    }

    Outcome run() {
      List<Future<ClientProcess>> starting = new ArrayList<>();
      for (int id = 1; id <= plan.clients(); id++) {
        int c = id;
        starting.add(pool.submit(() -> d.client(c)));
      }
      for (int id = 1; id <= plan.clients(); id++) {
        clients.put(id, get(starting.get(id - 1), Timing.seconds(90)));
      }
      try (Run run = Run.start(name, d, plan.guarded(), STOCK)) {
        Map<String, String> skus = new TreeMap<>();
        List<String> locks = new ArrayList<>();
        for (String n : plan.lockNames()) {
          boolean hot = n.equals("hot");
          String lock = hot ? run.lockName() : run.lockName() + "-" + n;
          String sku = hot ? run.sku() : run.sku() + "-" + n;
          if (!hot) {
            run.stock(sku);
          }
          locks.add(lock);
          skus.put(lock, sku);
        }
        List<LoopingActor> loopers = new ArrayList<>();
        clients.forEach(
            (id, c) ->
                loopers.add(
                    new LoopingActor(
                        run.actor(c),
                        locks,
                        skus::get,
                        plan.seed() * 31 + id,
                        plan.thinkMs(),
                        plan.ttlMs())));
        LeaseWatch watch = new LeaseWatch(bound.stuck().toNanos());
        AtomicBoolean monitoring = new AtomicBoolean(true);
        Future<?> monitor = pool.submit(() -> monitor(watch, monitoring));
        long start = System.nanoTime();
        long loadEnd = start + Duration.ofMillis(plan.durationMs()).toNanos();
        List<Future<?>> loops = new ArrayList<>();
        for (LoopingActor l : loopers) {
          loops.add(
              pool.submit(
                  () -> {
                    l.loop(loadEnd, bound.acquireWait());
                    return null;
                  }));
        }
        boolean[] failedOver = {false};
        List<Start> starts = play(run, start, failedOver);
        Duration drain = Timing.scaled(bound.acquireWait().plusSeconds(15));
        long drainEnd = Math.max(System.nanoTime(), loadEnd) + drain.toNanos();
        for (Future<?> f : loops) {
          get(f, Duration.ofNanos(Math.max(1, drainEnd - System.nanoTime())));
        }
        run.close();
        long finalHeal =
            run.faults().stream()
                .mapToLong(FaultWindow::healNanos)
                .filter(t -> t != Long.MAX_VALUE)
                .max()
                // Without faults, recovery is measured from the end of the load.
                .orElse(loadEnd);
        List<Future<?>> recovery = new ArrayList<>();
        for (LoopingActor l : loopers) {
          recovery.add(
              pool.submit(
                  () -> {
                    for (String lock : l.used()) {
                      l.recover(lock, bound.recovery());
                    }
                    return null;
                  }));
        }
        Duration recoveryLimit =
            Timing.scaled(bound.recovery().multipliedBy(locks.size()).plusSeconds(20));
        long recoveryEnd = System.nanoTime() + recoveryLimit.toNanos();
        for (Future<?> f : recovery) {
          get(f, Duration.ofNanos(Math.max(1, recoveryEnd - System.nanoTime())));
        }
        monitoring.set(false);
        get(monitor, Timing.seconds(10));
        probeLeases(watch);
        Map<String, List<String>> left =
            Leftovers.await(d, failedOver[0], Leftovers.limit(plan.kind(), plan.ttlMs()));
        Map<Integer, String> closed = closeClients();
        RunResult result = run.finish();
        LivenessChecks.Recovery rec =
            LivenessChecks.recovery(result.locks(), finalHeal, bound.recovery().toNanos());
        List<LivenessFinding> liveness =
            List.of(
                rec.finding(),
                watch.finding(),
                fencing
                    ? LivenessChecks.tokenSanity(result.locks())
                    : new LivenessFinding(
                        "token-sanity",
                        dev.distlock.check.PropertyVerdict.HOLDS,
                        "not applicable: the lock hands out no fencing tokens"),
                LivenessChecks.leaks(left, closed));
        return new Outcome(result, liveness, rec.recoveryMillis(), bound, starts);
      }
    }

    /**
     * Plays the schedule: starts and heals in time order, probing the clients before each start.
     */
    private List<Start> play(Run run, long start, boolean[] failedOver) {
      record Event(long atMs, boolean heal, LoadFault fault) {}
      List<Event> events = new ArrayList<>();
      for (LoadFault f : plan.schedule()) {
        events.add(new Event(f.atMs(), false, f));
        events.add(new Event(f.endMs(), true, f));
      }
      // Heals before starts at the same instant, so back-to-back faults do not overlap.
      events.sort(Comparator.comparingLong(Event::atMs).thenComparing(e -> e.heal() ? 0 : 1));
      Map<LoadFault, Nemesis> active = new IdentityHashMap<>();
      List<Start> starts = new ArrayList<>();
      for (Event e : events) {
        sleepUntil(start + Duration.ofMillis(e.atMs()).toNanos());
        if (e.heal()) {
          Nemesis n = active.remove(e.fault());
          if (n != null) {
            run.heal(n);
          }
          continue;
        }
        Nemesis n = Faults.build(d, e.fault(), clients);
        String aim = e.fault().aim();
        // An aimed start probes until a call of its kind is under way, for at most half its window
        // (and AIM_WAIT); its heal stays where it was planned. A call takes a millisecond, less
        // than one probe, so the aimed clients' links are slowed by AIM_LATENCY meanwhile (shown
        // as a fault of its own): the fault then starts while the call is still on the wire.
        long aimEnd =
            System.nanoTime()
                + Math.min(
                    AIM_WAIT.toNanos(), Duration.ofMillis(e.fault().windowMs() / 2).toNanos());
        List<Integer> aimed = aimedClients(e.fault());
        Nemesis slow = null;
        if (!aim.isEmpty() && e.fault().fault() != Fault.LATENCY) {
          slow = Faults.build(d, slowLinks(e.fault(), aimed), clients);
          run.inject(slow);
        }
        InFlight probe;
        int probes = 0;
        do {
          probe = probeInFlight(aim.isEmpty() ? clients.keySet() : aimed);
          probes++;
        } while (!aim.isEmpty()
            && probe.calls().getOrDefault(aim, 0) == 0
            && System.nanoTime() - aimEnd < 0);
        run.inject(n);
        if (slow != null) {
          run.heal(slow);
        }
        active.put(e.fault(), n);
        failedOver[0] |= e.fault().fault() == Fault.FAILOVER;
        String label =
            aim.isEmpty()
                ? n.describe()
                : n.describe()
                    + " (aimed at "
                    + aim
                    + ": "
                    + (probe.calls().getOrDefault(aim, 0) > 0 ? "hit" : "missed")
                    + " after "
                    + probes
                    + " probes)";
        starts.add(new Start(label, System.nanoTime(), probe.calls(), probe.unanswered()));
      }
      return starts;
    }

    /**
     * The clients whose calls an aimed start waits for: those it cuts off or pauses, every client
     * for a fault of the servers.
     */
    private List<Integer> aimedClients(LoadFault f) {
      return (f.fault() == Fault.PARTITION || f.fault() == Fault.CLIENT_PAUSE)
              && !f.clients().isEmpty()
          ? f.clients()
          : List.copyOf(clients.keySet());
    }

    /** The slowed links of an aimed start: the aimed clients to the fault's nodes, or all. */
    private LoadFault slowLinks(LoadFault f, List<Integer> aimed) {
      List<Integer> nodes = new ArrayList<>();
      if (f.nodes().isEmpty()) {
        for (int n = 0; n < plan.kind().nodes(); n++) {
          nodes.add(n);
        }
      } else {
        nodes.addAll(f.nodes());
      }
      return new LoadFault(Fault.LATENCY, f.atMs(), f.windowMs(), aimed, nodes, AIM_LATENCY_MS);
    }

    /** Backend calls under way in every client, by kind, and how many clients did not answer. */
    private record InFlight(Map<String, Integer> calls, int unanswered) {}

    private InFlight probeInFlight(java.util.Collection<Integer> ids) {
      Map<String, Integer> child = new TreeMap<>(Map.of("acquire", 0, "renew", 0, "release", 0));
      int unanswered = 0;
      for (int id : ids) {
        Reply r = clients.get(id).probe("probe-inflight", PROBE);
        if (r instanceof Reply.Ok ok) {
          LivenessChecks.keyValuesInto(ok.value(), child);
        } else {
          unanswered++;
        }
      }
      return new InFlight(child, unanswered);
    }

    private void monitor(LeaseWatch watch, AtomicBoolean monitoring) {
      while (monitoring.get()) {
        probeLeases(watch);
        sleepUntil(System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(MONITOR_MS));
      }
    }

    private void probeLeases(LeaseWatch watch) {
      for (Map.Entry<Integer, ClientProcess> c : clients.entrySet()) {
        Reply r = c.getValue().probe("probe-leases", PROBE);
        if (r instanceof Reply.Ok ok) {
          synchronized (watch) {
            watch.observe(c.getKey(), System.nanoTime(), ok.value());
          }
        }
      }
    }

    private Map<Integer, String> closeClients() {
      Map<Integer, Future<Reply>> replies = new TreeMap<>();
      clients.forEach(
          (id, c) ->
              replies.put(id, pool.submit(() -> c.call("close-client", Timing.seconds(20)))));
      Map<Integer, String> out = new ConcurrentHashMap<>();
      replies.forEach(
          (id, f) -> {
            Reply r = get(f, Timing.seconds(30));
            out.put(id, r instanceof Reply.Ok ok ? ok.value() : "error " + r);
          });
      return new TreeMap<>(out);
    }
  }

  /**
   * Counts the operations of {@code h} under way at {@code atNanos} (invoked, not yet completed),
   * by operation.
   *
   * @param h a history
   * @param atNanos the instant
   * @return counts by {@code f}
   */
  static Map<String, Integer> inFlight(History h, long atNanos) {
    Map<String, Integer> m = new TreeMap<>();
    for (Op o : h.ops()) {
      if (o.invokeTime() <= atNanos && atNanos < o.completeTime()) {
        m.merge(o.f(), 1, Integer::sum);
      }
    }
    return m;
  }

  private static void sleepUntil(long nanos) {
    long left = nanos - System.nanoTime();
    if (left <= 0) {
      return;
    }
    try {
      // The schedule's own timing: the fault is due then, nothing else to wait for.
      TimeUnit.NANOSECONDS.sleep(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }

  private static <T> T get(Future<T> f, Duration limit) {
    try {
      return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new IllegalStateException("a client of the continuous run is stuck after " + limit, e);
    } catch (ExecutionException e) {
      throw new IllegalStateException("a client of the continuous run failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
