package dev.distlock.matrix;

import dev.distlock.Fault;
import dev.distlock.client.ClientProcess;
import dev.distlock.client.Reply;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.generator.FaultStep;
import dev.distlock.generator.Plan;
import dev.distlock.nemesis.Failover;
import dev.distlock.nemesis.Nemesis;
import dev.distlock.nemesis.ServerFailover;
import dev.distlock.workload.Actor;
import dev.distlock.workload.Deployment;
import dev.distlock.workload.Run;
import dev.distlock.workload.RunResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;

/**
 * Carries out a {@link Plan} on a running {@link Deployment} with the workload package's {@link
 * Run} and {@link Actor}s, and returns the checked {@link RunResult}.
 *
 * <p>The clients follow the discipline the lock's contract asks of them, so that a violation is the
 * lock's and not the workload's: a holder stops believing it holds the lock a margin before its
 * lease's deadline (measured from before it sent the acquire; the watchdog is off, so leases end at
 * their TTL), or, for ZooKeeper, as soon as its lease is no longer valid; it then abandons its
 * unfinished decrement (nothing written) and releases. It writes back the stock it read only if it
 * still believes — except when it was itself frozen: it checked before the freeze (the Kleppmann
 * pause). The contender runs on a thread of its own, so the holder's belief is watched while the
 * contender waits.
 */
final class PlanExecutor {
  /** How long an uncontended acquire may wait. */
  private static final Duration WAIT = Duration.ofSeconds(5);

  /** A holder stops this long (plus the drift) before its lease's deadline. */
  private static final Duration MARGIN = Duration.ofMillis(100);

  /** How long the control's contender tries while the holder holds. */
  private static final Duration CONTROL_WAIT = Duration.ofMillis(300);

  /**
   * How long the attempt that notices a dual-write node's outage may wait: one attempt, which takes
   * a request timeout (250 ms) on the node that is out.
   */
  private static final Duration NOTICE = Duration.ofMillis(600);

  /** How often the holder's belief is looked at. */
  private static final Duration POLL = Duration.ofMillis(10);

  private static final long STOCK = 1000;

  private final Plan plan;
  private final Deployment deployment;
  private final Map<Integer, ClientProcess> clients;
  private final SplittableRandom picks;
  private final ExecutorService contenders;
  private final Map<Integer, Actor> actors = new TreeMap<>();
  private Run run;

  private PlanExecutor(
      Plan plan,
      Deployment deployment,
      Map<Integer, ClientProcess> clients,
      ExecutorService contenders) {
    this.plan = plan;
    this.deployment = deployment;
    this.clients = clients;
    this.contenders = contenders;
    // The choice of clients is part of the plan: drawn from its seed, not from the schedule's draw.
    this.picks = new SplittableRandom(plan.seed() ^ 0x5DEECE66DL);
  }

  /**
   * Runs {@code plan} on {@code deployment} with clients 1..{@code plan.clients()} (started here if
   * missing; kept in {@code clients} for later runs on the same deployment).
   *
   * @param plan the plan
   * @param deployment the running servers
   * @param clients the deployment's started clients by id, updated
   * @param name the run's name (its directory under {@code target/scenarios})
   * @return the checked result
   */
  static RunResult execute(
      Plan plan, Deployment deployment, Map<Integer, ClientProcess> clients, String name) {
    for (int id = 1; id <= plan.clients(); id++) {
      clients.computeIfAbsent(id, deployment::client);
    }
    ExecutorService pool =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "matrix-contender");
              t.setDaemon(true);
              return t;
            });
    try {
      PlanExecutor x = new PlanExecutor(plan, deployment, clients, pool);
      return x.run(name);
    } finally {
      pool.shutdownNow();
    }
  }

  private RunResult run(String name) {
    try (Run r = Run.start(name, deployment, plan.guarded(), STOCK)) {
      run = r;
      for (int id = 1; id <= plan.clients(); id++) {
        actors.put(id, r.actor(clients.get(id)));
      }
      Failover failover = null;
      for (int round = 0; round < plan.rounds(); round++) {
        int holder = 1 + picks.nextInt(plan.clients());
        int contender = 1 + (holder + picks.nextInt(plan.clients() - 1)) % plan.clients();
        FaultStep step = plan.stepAt(round).orElse(null);
        Nemesis n = null;
        if (step != null && Faults.successiveOutages(deployment.kind(), step)) {
          successiveOutages(holder, contender, step);
        } else if (step != null && Faults.pausedWrites(deployment.kind(), step)) {
          PausedWrites play =
              new PausedWrites(r, deployment, clients, actors, contenders, plan.ttl());
          if (!play.play(holder, contender)) {
            hold(holder, 1);
          }
        } else {
          if (step != null) {
            String key = Faults.fenceKey(run);
            n = Faults.build(deployment, step, clients.get(holder), holder, contender, ids(), key);
            if (n instanceof Failover f) {
              failover = f;
              prepareFailover(f::lag, () -> Objects.equals(masterFence(key), replicaFence(key)));
              missAcquisitions(holder, step.size());
            } else if (n instanceof ServerFailover f) {
              prepareFailover(f::lag, () -> f.caughtUp(key));
              missAcquisitions(holder, step.size());
            }
          }
          contendedHold(holder, contender, step, n);
        }
        for (int h = 0; h < plan.extraHolds(); h++) {
          hold(1 + picks.nextInt(plan.clients()), plan.decrementsPerHold());
        }
      }
      RunResult result = r.finish();
      if (failover != null) {
        failover.heal();
      }
      return result;
    }
  }

  private List<Integer> ids() {
    return List.copyOf(actors.keySet());
  }

  /** One hold with the fault (if any) striking between the holder's read and its write. */
  private void contendedHold(int holderId, int contenderId, FaultStep step, Nemesis n) {
    boolean before = step != null && Faults.beforeAcquire(deployment.kind(), step);
    if (before) {
      run.inject(n);
    }
    Actor holder = actors.get(holderId);
    long start = System.nanoTime();
    Reply acquired = holder.acquire(WAIT);
    if (!(acquired instanceof Reply.Ok)) {
      heal(n);
      hold(contenderId, 1);
      return;
    }
    long believeUntil = believeUntil(start);
    if (!(holder.beginDecrement() instanceof Reply.Ok)) {
      holder.release();
      heal(n);
      hold(contenderId, 1);
      return;
    }
    if (n != null && !before) {
      run.inject(n);
    }
    boolean frozen = step != null && step.fault() == Fault.CLIENT_PAUSE;
    Duration window = step == null ? CONTROL_WAIT : step.window();
    Duration contenderWait = step == null ? CONTROL_WAIT : window.plus(plan.ttl()).plusSeconds(1);
    Actor contender = actors.get(contenderId);
    Future<Reply> other =
        contenders.submit(
            () -> {
              Reply r = contender.acquire(contenderWait);
              if (r instanceof Reply.Ok) {
                contender.decrement();
                contender.release();
              }
              return r;
            });
    long healAt = System.nanoTime() + window.toNanos();
    boolean believing = true;
    while (!other.isDone() && System.nanoTime() - healAt < 0) {
      if (believing && !frozen && !believes(holderId, believeUntil)) {
        abandon(holderId);
        believing = false;
      }
      await(other, POLL);
    }
    heal(n);
    if (believing) {
      if (frozen || believes(holderId, believeUntil)) {
        actors.get(holderId).finishDecrement();
        actors.get(holderId).release();
      } else {
        abandon(holderId);
      }
    }
    Reply r = await(other, Timing.scaled(contenderWait.plus(WAIT)));
    if (!(r instanceof Reply.Ok)) {
      hold(contenderId, 1);
    }
  }

  /**
   * Two successive single-node outages of a dual-write group (DualWrite_SuccessiveOutages): the
   * first client ({@code firstId}) holds the lock on both nodes and sells a unit; node 0 goes out;
   * the second client's attempt times out on node 0, which moves it to its retry queue and
   * announces it, so both clients drop node 0; node 1 refuses it. The first client releases (on
   * node 1 only: its entry on node 0 stays until its TTL) and the second acquires on node 1 alone
   * and reads the stock. Node 0 comes back, without the second client's lock; node 1 goes out. The
   * first client, now the contender, tries again: once its stale entry on node 0 has expired it
   * gets node 0 alone, while the second still believes it holds the lock, with a token from node
   * 0's counter that ties with the second's from node 1. The second writes back the stock it read
   * if it still believes.
   */
  private void successiveOutages(int firstId, int secondId, FaultStep step) {
    Actor first = actors.get(firstId);
    Actor second = actors.get(secondId);
    Nemesis out0 = Faults.outage(deployment, step, 0, ids());
    Nemesis out1 = Faults.outage(deployment, step, 1, ids());
    if (!(first.acquire(WAIT) instanceof Reply.Ok)) {
      hold(secondId, 1);
      return;
    }
    first.decrement();
    run.inject(out0);
    // Refused on node 1 (held), timed out on node 0: the second client reports node 0 down.
    Reply noticed = second.acquire(NOTICE);
    if (noticed instanceof Reply.Ok) {
      second.release();
    }
    first.release();
    long start = System.nanoTime();
    Reply acquired = second.acquire(WAIT);
    if (!(acquired instanceof Reply.Ok)) {
      heal(out0);
      hold(firstId, 1);
      return;
    }
    long believeUntil = believeUntil(start);
    if (!(second.beginDecrement() instanceof Reply.Ok)) {
      second.release();
      heal(out0);
      hold(firstId, 1);
      return;
    }
    heal(out0);
    run.inject(out1);
    Duration contenderWait = step.window().plus(plan.ttl()).plusSeconds(1);
    Future<Reply> other =
        contenders.submit(
            () -> {
              Reply r = first.acquire(contenderWait);
              if (r instanceof Reply.Ok) {
                first.decrement();
                first.release();
              }
              return r;
            });
    long healAt = System.nanoTime() + step.window().toNanos();
    boolean believing = true;
    while (!other.isDone() && System.nanoTime() - healAt < 0) {
      if (believing && !believes(secondId, believeUntil)) {
        abandon(secondId);
        believing = false;
      }
      await(other, POLL);
    }
    heal(out1);
    if (believing) {
      if (believes(secondId, believeUntil)) {
        second.finishDecrement();
        second.release();
      } else {
        abandon(secondId);
      }
    }
    Reply r = await(other, Timing.scaled(contenderWait.plus(WAIT)));
    if (!(r instanceof Reply.Ok)) {
      hold(firstId, 1);
    }
  }

  /** An ordinary hold: acquire, sell, release. */
  private void hold(int id, int decrements) {
    Actor a = actors.get(id);
    if (a.acquire(WAIT) instanceof Reply.Ok) {
      for (int i = 0; i < decrements; i++) {
        a.decrement();
      }
      a.release();
    }
  }

  /**
   * The holder gives up: its read-modify-write never writes (recorded as a failed decrement:
   * nothing was written) and it releases.
   */
  private void abandon(int id) {
    Actor a = actors.get(id);
    a.abandonDecrement();
    a.release();
  }

  private long believeUntil(long sentBefore) {
    if (deployment.kind().zooKeeper()) {
      return Long.MAX_VALUE;
    }
    // Redlock's validity also subtracts the clock drift allowance: ttl * 0.01 + 2 ms.
    Duration drift = plan.ttl().dividedBy(100).plusMillis(2);
    return sentBefore + plan.ttl().minus(MARGIN).minus(drift).toNanos();
  }

  private boolean believes(int id, long believeUntil) {
    if (deployment.kind().zooKeeper()) {
      return actors.get(id).believesHeld();
    }
    return System.nanoTime() - believeUntil < 0;
  }

  private void heal(Nemesis n) {
    if (n != null) {
      run.heal(n);
    }
  }

  /**
   * Makes the replica miss what follows: waits until it has the master's fence counter, then cuts
   * replication ({@code lag}).
   */
  private static void prepareFailover(Runnable lag, Callable<Boolean> caughtUp) {
    Awaitility.await("the replica has the master's fence counter")
        .atMost(Timing.seconds(10))
        .until(caughtUp);
    lag.run();
  }

  /**
   * After {@link #prepareFailover}: the replica misses exactly the next {@code missed} + 1
   * acquisitions, the holder's {@code missed} ones here and the contended hold's.
   */
  private void missAcquisitions(int holderId, long missed) {
    for (long i = 0; i < missed; i++) {
      hold(holderId, 0);
    }
  }

  private String masterFence(String key) {
    return get(deployment.redisNodes().get(0), key);
  }

  private String replicaFence(String key) {
    try (Jedis j = deployment.replica().client()) {
      return j.get(key);
    }
  }

  static String get(RedisServer s, String key) {
    try (Jedis j = s.client()) {
      return j.get(key);
    }
  }

  /** The reply of a call run in the background, or an error reply if it is still busy. */
  static Reply await(Future<Reply> f, Duration limit) {
    try {
      return f.get(limit.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      return new Reply.Error("contender still busy after " + limit);
    } catch (ExecutionException e) {
      throw new IllegalStateException("contender failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted", e);
    }
  }
}
