package dev.distlock.scenario;

import dev.distlock.client.Reply;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.nemesis.Failover;
import dev.distlock.nemesis.Nemesis;
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

/**
 * Known weaknesses of peer lock libraries, reproduced on real servers through the plug-in ({@link
 * dev.distlock.testbed}), in the shape of every targeted scenario ({@link Overtake}). Each has a
 * control without the fault. The resource is unguarded: these locks hand out no token.
 */
public final class PeerScenarios {
  private static final DeploymentOptions OPTIONS = DeploymentOptions.defaults();

  private PeerScenarios() {}

  /**
   * Redisson {@code RLock} (watchdog on, Redisson's default use) on a master with an asynchronous
   * replica: replication is cut (the replica lags), the first client acquires — on the master only
   * — and reads the stock; the master is killed and the replica promoted, without the lock. The
   * second client acquires from the promoted replica and sells while the first still holds; the
   * first writes back the stock it read. Two holders at once, one sale lost.
   *
   * @param cluster owns the servers
   * @param fault false for the control (no lag, no failover)
   * @return the checked run
   */
  public static RunResult redissonLockLostOnFailover(ClusterExtension cluster, boolean fault) {
    Deployment d = Deployment.start(LockKind.SINGLE_REPLICA, OPTIONS, cluster, "redisson-rlock");
    String name = "peer-redisson-rlock-failover" + (fault ? "" : "-control");
    Failover failover = null;
    try (Run run = Run.start(name, d, false, TargetedScenarios.STOCK)) {
      Actor first = run.actor(d.client(1));
      Actor second = run.actor(d.client(2));
      failover = d.failover();
      Nemesis n = Nemesis.none();
      if (fault) {
        failover.lag();
        n = failover;
      }
      Overtake.play(run, first, second, n, When.WHILE_HELD, OPTIONS.ttl().multipliedBy(3));
      return run.finish();
    } finally {
      if (failover != null) {
        failover.heal();
      }
    }
  }

  /**
   * Curator {@code InterProcessMutex}: the holder's JVM is frozen (SIGSTOP) longer than its
   * ZooKeeper session; the server expires the session and deletes the lock node, the second client
   * acquires and sells. The holder wakes and writes back the stock it read before the freeze (it
   * checked its lock before being frozen, as any holder does): two holders at once, one sale lost.
   *
   * @param cluster owns the servers
   * @param fault false for the control (no pause)
   * @return the checked run
   */
  public static RunResult curatorMutexPausedHolder(ClusterExtension cluster, boolean fault) {
    Deployment d = Deployment.start(LockKind.ZOOKEEPER, OPTIONS, cluster, "curator-mutex");
    String name = "peer-curator-mutex-pause" + (fault ? "" : "-control");
    try (Run run = Run.start(name, d, false, TargetedScenarios.STOCK)) {
      Actor first = run.actor(d.client(1));
      Actor second = run.actor(d.client(2));
      Nemesis n = fault ? ProcessPause.clients(List.of(first.client())) : Nemesis.none();
      // Long enough for the server to expire the session (timeout plus a tick or two).
      Duration wait = OPTIONS.sessionTimeout().multipliedBy(3);
      Overtake.play(run, first, second, n, When.WHILE_HELD, wait);
      return run.finish();
    }
  }

  /**
   * A release after the lease expired, on one Redis server without renewal: the first client (A)
   * holds and reads the stock, is frozen longer than the TTL; the second (B) acquires once A's key
   * expired and reads; A wakes, writes back and releases; then the third (C) tries for a while,
   * well inside B's lease. A lock whose release deletes the key without checking the owner
   * (ShedLock's Redis provider by default) lets C in while B holds — two holders neither of which
   * was paused. A lock that checks the owner (Redisson's {@code RLock}) refuses A's release and C
   * waits.
   *
   * @param cluster owns the servers
   * @param lock the plugged-in lock, e.g. {@code shedlock-redis} or {@code redisson-rlock}
   * @return the checked run: process 1 is A, 2 is B, 3 is C
   */
  public static RunResult releaseAfterExpiry(ClusterExtension cluster, String lock) {
    DeploymentOptions o = OPTIONS.withWatchdog(false).withTtl(Duration.ofSeconds(3));
    Deployment d = Deployment.start(LockKind.SINGLE, o, cluster, lock);
    try (Run run = Run.start("peer-" + lock + "-release-after-expiry", d, false, 10)) {
      Actor a = run.actor(d.client(1));
      Actor b = run.actor(d.client(2));
      Actor c = run.actor(d.client(3));
      Overtake.require(a.acquire(Overtake.WAIT), "A acquires");
      Overtake.require(a.beginDecrement(), "A reads the stock");
      Nemesis pause = ProcessPause.clients(List.of(a.client()));
      run.inject(pause);
      Overtake.require(b.acquire(o.ttl().multipliedBy(3)), "B acquires once A's key expired");
      Overtake.require(b.beginDecrement(), "B reads the stock");
      run.heal(pause);
      a.finishDecrement();
      a.release();
      if (c.acquire(o.ttl().dividedBy(3)) instanceof Reply.Ok) {
        c.decrement();
        c.release();
      }
      b.finishDecrement();
      b.release();
      return run.finish();
    }
  }
}
