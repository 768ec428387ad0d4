package dev.distlock.scenario;

import dev.distlock.client.Reply;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.nemesis.ClockJump;
import dev.distlock.nemesis.CrashRestart;
import dev.distlock.nemesis.Failover;
import dev.distlock.nemesis.Nemesis;
import dev.distlock.nemesis.Partition;
import dev.distlock.nemesis.ProcessPause;
import dev.distlock.scenario.Overtake.When;
import dev.distlock.workload.Actor;
import dev.distlock.workload.Deployment;
import dev.distlock.workload.DeploymentOptions;
import dev.distlock.workload.LockKind;
import dev.distlock.workload.Run;
import dev.distlock.workload.RunResult;
import java.time.Duration;
import java.util.List;
import org.awaitility.Awaitility;
import redis.clients.jedis.Jedis;

/**
 * The targeted scenarios. Each method starts its servers in {@code cluster}'s current scope, runs
 * two clients in child JVMs through {@link Overtake} with the fault (or, with {@code fault} false,
 * the control: the same steps without it), and returns the checked result. Every fault is healed
 * before the method returns or throws.
 */
public final class TargetedScenarios {
  /** Stock at the start of every scenario. */
  public static final long STOCK = 10;

  private static final DeploymentOptions OPTIONS = DeploymentOptions.defaults();

  private TargetedScenarios() {}

  /**
   * Single Redis, the Kleppmann pause: the holder is frozen (SIGSTOP of its JVM) longer than the
   * TTL, its lease expires, a second client acquires and sells; the holder wakes and writes the
   * stock it read before the pause. Unguarded, the sale is lost (oversold); guarded, its write is
   * rejected.
   *
   * @param cluster owns the servers
   * @param fault false for the control
   * @param guarded whether resource accesses go through the fencing guard
   * @return the checked run
   */
  public static RunResult singleRedisClientPause(
      ClusterExtension cluster, boolean fault, boolean guarded) {
    Deployment d = Deployment.start(LockKind.SINGLE, OPTIONS, cluster);
    Actor[] a = new Actor[2];
    String name = "single-client-pause-" + (guarded ? "guarded" : "unguarded") + suffix(fault);
    try (Run run = Run.start(name, d, guarded, STOCK)) {
      a[0] = run.actor(d.client(1));
      a[1] = run.actor(d.client(2));
      Nemesis n = fault ? ProcessPause.clients(List.of(a[0].client())) : Nemesis.none();
      Overtake.play(run, a[0], a[1], n, When.WHILE_HELD, OPTIONS.ttl().multipliedBy(3));
      return run.finish();
    }
  }

  /**
   * Single Redis with an asynchronous replica: after two replicated acquisitions the replication
   * link is cut (the replica lags), the first client acquires twice more, then the master is killed
   * and the replica promoted. The second client acquires from the promoted replica while the first
   * still holds, with a token lower than the first's; the guard then rejects the new holder.
   *
   * @param cluster owns the servers
   * @param fault false for the control (no lag, no failover)
   * @return the checked run
   */
  public static RunResult singleRedisFailover(ClusterExtension cluster, boolean fault) {
    Deployment d = Deployment.start(LockKind.SINGLE_REPLICA, OPTIONS, cluster);
    String name = "single-replica-failover" + suffix(fault);
    Failover failover = null;
    try (Run run = Run.start(name, d, true, STOCK)) {
      Actor first = run.actor(d.client(1));
      Actor second = run.actor(d.client(2));
      failover = d.failover();
      for (int i = 0; i < 2; i++) {
        Overtake.require(first.acquire(Overtake.WAIT), "warm-up acquire");
        first.release();
      }
      awaitReplicaFence(d, run, first.token());
      Nemesis n = Nemesis.none();
      if (fault) {
        failover.lag();
        n = failover;
      }
      Overtake.require(first.acquire(Overtake.WAIT), "acquire not replicated");
      first.release();
      Overtake.play(run, first, second, n, When.WHILE_HELD, OPTIONS.ttl().multipliedBy(3));
      return run.finish();
    } finally {
      // The lag starts before the run injects the failover; heal it even if a step failed.
      if (failover != null) {
        failover.heal();
      }
    }
  }

  /**
   * Redlock on five nodes: the first client reaches nodes 0-2, the second 2-4. While the first
   * holds, node 2's clock jumps 60 s forward, its entry expires, and the second client gets a
   * majority. Its quorum token is still larger (node 2 kept its counter), so the guard rejects the
   * first client's late write.
   *
   * @param cluster owns the servers
   * @param fault false for the control (no jump)
   * @return the checked run
   */
  public static RunResult redlockClockJump(ClusterExtension cluster, boolean fault) {
    Deployment d = Deployment.start(LockKind.REDLOCK, OPTIONS.withClockShift(true), cluster);
    String name = "redlock-clock-jump" + suffix(fault);
    try (Run run = Run.start(name, d, true, STOCK)) {
      Actor first = run.actor(d.client(1));
      Actor second = run.actor(d.client(2));
      splitViews(d);
      RedisServer shared = d.redisNodes().get(2);
      Nemesis n = fault ? ClockJump.of(Duration.ofSeconds(60), List.of(shared)) : Nemesis.none();
      Overtake.play(run, first, second, n, When.WHILE_HELD, OPTIONS.ttl().multipliedBy(2));
      return run.finish();
    }
  }

  /**
   * Redlock on five nodes, views as in {@link #redlockClockJump}: after three acquisitions by the
   * first client (token 3), while it holds with token 4, node 2 crashes and restarts. Without
   * persistence it forgets the entry and the counter: the second client gets a majority with token
   * 1, and the guard rejects the new holder. With {@code appendfsync always} (the control) node 2
   * keeps the entry and the second client is refused.
   *
   * @param cluster owns the servers
   * @param persistent true for the {@code appendfsync always} control
   * @return the checked run
   */
  public static RunResult redlockCrashRestart(ClusterExtension cluster, boolean persistent) {
    Deployment d = Deployment.start(LockKind.REDLOCK, OPTIONS.withPersistence(persistent), cluster);
    String name = "redlock-crash-restart" + (persistent ? "-appendfsync-always" : "");
    try (Run run = Run.start(name, d, true, STOCK)) {
      Actor first = run.actor(d.client(1));
      Actor second = run.actor(d.client(2));
      splitViews(d);
      for (int i = 0; i < 3; i++) {
        Overtake.require(first.acquire(Overtake.WAIT), "warm-up acquire");
        first.release();
      }
      Nemesis n = CrashRestart.of(List.of(d.redisNodes().get(2)));
      Overtake.play(run, first, second, n, When.WHILE_HELD, OPTIONS.ttl().multipliedBy(2));
      return run.finish();
    }
  }

  /**
   * Dual-write group of two nodes: a partition shows node A only to the first client and node B
   * only to the second. Each moves the other node to its retry queue and acquires on the one it
   * sees: both hold, with equal per-node tokens, so even the guard lets the first client's stale
   * write through.
   *
   * @param cluster owns the servers
   * @param fault false for the control (no partition)
   * @return the checked run
   */
  public static RunResult dualWriteSplitBrain(ClusterExtension cluster, boolean fault) {
    Deployment d = Deployment.start(LockKind.DUAL_WRITE, OPTIONS, cluster);
    String name = "dual-write-split-brain" + suffix(fault);
    try (Run run = Run.start(name, d, true, STOCK)) {
      Actor first = run.actor(d.client(1));
      Actor second = run.actor(d.client(2));
      Nemesis n =
          fault
              ? Partition.of(Partition.Mode.REFUSE, List.of(d.link(1, 1), d.link(2, 0)))
              : Nemesis.none();
      Overtake.play(run, first, second, n, When.BEFORE_ACQUIRE, OPTIONS.ttl().multipliedBy(2));
      return run.finish();
    }
  }

  /**
   * Dual-write group of two nodes, two successive single-node outages (SIGSTOP of one redis-server,
   * then of the other): DualWrite_SuccessiveOutages. The watchdog is off, so a lease ends at its
   * TTL and the holder's belief is exactly its lease's validity.
   *
   * <ol>
   *   <li>The first client acquires on both nodes and sells a unit.
   *   <li>Node 0 is paused. The second client's attempt times out on node 0 (it moves node 0 to its
   *       retry queue and announces it on node 1, so the first client drops it too) and is refused
   *       on node 1. The first client releases, on node 1 only: its entry on node 0 stays until its
   *       TTL. The second client acquires on node 1 alone and reads the stock.
   *   <li>Node 0 resumes, without the second client's lock; node 1 is paused. The first client
   *       tries again: once its old entry on node 0 has expired it acquires on node 0 alone, while
   *       the second client's lease is still valid, with a token from node 0's counter that ties
   *       with the second's from node 1. It sells a unit and releases.
   *   <li>The second client, still believing, writes back the stock it read: the sale is lost even
   *       behind the guard, which cannot order equal tokens.
   * </ol>
   *
   * <p>The control runs the same steps without the pauses: the second client acquires on both nodes
   * and the first waits until it released.
   *
   * @param cluster owns the servers
   * @param fault false for the control (no pauses)
   * @return the checked run
   */
  public static RunResult dualWriteSuccessiveOutages(ClusterExtension cluster, boolean fault) {
    DeploymentOptions options = OPTIONS.withWatchdog(false).withTtl(Duration.ofSeconds(2));
    Deployment d = Deployment.start(LockKind.DUAL_WRITE, options, cluster);
    String name = "dual-write-successive-outages" + suffix(fault);
    try (Run run = Run.start(name, d, true, STOCK)) {
      Actor first = run.actor(d.client(1));
      Actor second = run.actor(d.client(2));
      List<RedisServer> nodes = d.redisNodes();
      Nemesis out0 = fault ? ProcessPause.redisServers(List.of(nodes.get(0))) : Nemesis.none();
      Nemesis out1 = fault ? ProcessPause.redisServers(List.of(nodes.get(1))) : Nemesis.none();
      Overtake.require(first.acquire(Overtake.WAIT), "the first client acquires");
      Overtake.require(first.decrement(), "the first client sells");
      run.inject(out0);
      // One attempt: a request timeout on node 0 (if paused), a refusal on node 1.
      Reply noticed = second.acquire(Duration.ofMillis(600));
      if (noticed instanceof Reply.Ok) {
        throw new IllegalStateException("scenario step failed: the second client got in early");
      }
      first.release();
      Overtake.require(second.acquire(Overtake.WAIT), "the second client acquires");
      Overtake.require(second.beginDecrement(), "the second client reads the stock");
      run.heal(out0);
      run.inject(out1);
      // The control's first client waits for the second to release: bounded by the TTL.
      Reply again = first.acquire(fault ? options.ttl().multipliedBy(2) : Duration.ofMillis(300));
      if (again instanceof Reply.Ok) {
        first.decrement();
        if (!second.believesHeld()) {
          throw new IllegalStateException(
              "scenario step failed: the second client's lease ran out before the first got in");
        }
        first.release();
      }
      run.heal(out1);
      second.finishDecrement();
      second.release();
      if (!(again instanceof Reply.Ok)) {
        Overtake.require(first.acquire(Overtake.WAIT), "the first client acquires once released");
        first.decrement();
        first.release();
      }
      return run.finish();
    }
  }

  /**
   * ZooKeeper: the holder is frozen longer than its session timeout; the server expires the session
   * and deletes its node, and the second client acquires. The first client wakes up and writes with
   * its old token (the czxid of its node); the guard rejects it.
   *
   * @param cluster owns the servers
   * @param fault false for the control (no pause)
   * @return the checked run
   */
  public static RunResult zooKeeperSessionExpiry(ClusterExtension cluster, boolean fault) {
    Deployment d = Deployment.start(LockKind.ZOOKEEPER, OPTIONS, cluster);
    String name = "zookeeper-session-expiry" + suffix(fault);
    try (Run run = Run.start(name, d, true, STOCK)) {
      Actor first = run.actor(d.client(1));
      Actor second = run.actor(d.client(2));
      Nemesis n = fault ? ProcessPause.clients(List.of(first.client())) : Nemesis.none();
      // Long enough for the server to expire the session (timeout plus a tick or two).
      Duration wait = OPTIONS.sessionTimeout().multipliedBy(3);
      Overtake.play(run, first, second, n, When.WHILE_HELD, wait);
      return run.finish();
    }
  }

  /** The first client reaches nodes 0-2 only, the second 2-4 only (refused elsewhere). */
  private static void splitViews(Deployment d) {
    for (int node : new int[] {3, 4}) {
      d.link(1, node).disable();
    }
    for (int node : new int[] {0, 1}) {
      d.link(2, node).disable();
    }
  }

  private static void awaitReplicaFence(Deployment d, Run run, long token) {
    String key = "distlock:{" + run.lockName() + "}:fence";
    Awaitility.await("the replica has fence " + token)
        .atMost(Timing.seconds(10))
        .until(
            () -> {
              try (Jedis jedis = d.replica().client()) {
                return Long.toString(token).equals(jedis.get(key));
              }
            });
  }

  private static String suffix(boolean fault) {
    return fault ? "" : "-control";
  }
}
