package dev.distlock.nemesis;

import dev.distlock.Fault;
import dev.distlock.cluster.HarnessException;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.RedisCluster;
import dev.distlock.cluster.RedisSentinels;
import dev.distlock.cluster.RedisServer;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.Jedis;

/**
 * A failover the servers decide themselves: the master is paused (SIGSTOP) and Sentinel, or the
 * Redis Cluster for the master's slots, promotes its asynchronous replica; clients follow through
 * their Jedis client (Sentinel's {@code +switch-master}, the cluster's {@code MOVED}). Unlike
 * {@link Failover} nobody promotes by hand and no client link is moved.
 *
 * <p>A replica that kept up makes the failover harmless: the lock moves with the data. {@link
 * #lag()} cuts the replica's replication link first (black hole), so that every write after it is
 * acknowledged by the master and never reaches the replica — the case {@code SingleRedis_Failover}
 * models. For Sentinel that link is the replica's own proxy to the master ({@link
 * RedisSentinels#replicationLink()}; the deployment must use a failover timeout longer than the
 * run, or Sentinel moves the replica to the master's announced address); for a cluster it is the
 * master's announced proxy, which after the per-client links carries only the replication.
 *
 * <p>{@link #start()} lags (if not yet), pauses the master and returns once the replica is the
 * master everyone names; {@link #heal()} mends the link and resumes the old master, which the
 * servers then turn into a replica of the new one (it resyncs, dropping what only it had). A
 * failover cannot be undone. Thread-safe.
 */
public final class ServerFailover implements Nemesis {
  /** How long the servers get to promote the replica (scaled by the harness's timing factor). */
  public static final Duration PROMOTION = Duration.ofSeconds(30);

  private final String what;
  private final RedisServer master;
  private final RedisServer replica;
  private final boolean readOnlyReplica;
  private final ProxiedEndpoint replicationLink;
  private final Runnable awaitPromotion;
  private boolean lagging;
  private boolean paused;

  private ServerFailover(
      String what,
      RedisServer master,
      RedisServer replica,
      boolean readOnlyReplica,
      ProxiedEndpoint replicationLink,
      Runnable awaitPromotion) {
    this.what = what;
    this.master = master;
    this.replica = replica;
    this.readOnlyReplica = readOnlyReplica;
    this.replicationLink = Objects.requireNonNull(replicationLink, "replicationLink");
    this.awaitPromotion = awaitPromotion;
  }

  /**
   * A failover of the master the sentinels name now to its replica.
   *
   * @param s the deployment, run through Toxiproxy
   * @return the nemesis, not started
   * @throws IllegalStateException if the deployment has no proxies (no link to cut)
   */
  public static ServerFailover sentinel(RedisSentinels s) {
    int m = s.currentMaster();
    int r = 1 - m;
    // Before any failover the replica replicates through its own link; afterwards through the
    // master's announced proxy, which the sentinels share (cutting it also looks like an outage).
    ProxiedEndpoint link =
        (m == 0 ? s.replicationLink() : s.front(m))
            .orElseThrow(() -> new IllegalStateException(s + " runs without Toxiproxy"));
    return new ServerFailover(
        "sentinel",
        s.nodes().get(m),
        s.nodes().get(r),
        false,
        link,
        () -> s.awaitMaster(r, PROMOTION));
  }

  /**
   * A failover of the master that serves {@code slot} now to its replica.
   *
   * @param c the cluster, run through Toxiproxy
   * @param slot the hash slot of the lock (its master is the one paused)
   * @return the nemesis, not started
   * @throws IllegalStateException if the cluster has no proxies (no link to cut)
   */
  public static ServerFailover cluster(RedisCluster c, int slot) {
    int m = c.masterOfSlot(slot);
    int r = c.replicaOf(m);
    ProxiedEndpoint link =
        c.front(m).orElseThrow(() -> new IllegalStateException(c + " runs without Toxiproxy"));
    return new ServerFailover(
        "cluster slot " + slot,
        c.nodes().get(m),
        c.nodes().get(r),
        true,
        link,
        () -> {
          int now = c.awaitFailover(slot, m, PROMOTION);
          if (now != r) {
            throw new HarnessException(
                "slot " + slot + " went to " + c.nodes().get(now) + ", not to " + c.nodes().get(r));
          }
        });
  }

  @Override
  public Optional<Fault> fault() {
    return Optional.of(Fault.FAILOVER);
  }

  @Override
  public String describe() {
    return "server-failover(" + what + ": " + master + " -> " + replica + ")";
  }

  /**
   * Cuts the replication link (black hole): from now on the replica silently falls behind.
   * Idempotent.
   */
  public synchronized void lag() {
    if (!lagging) {
      replicationLink.blackhole();
      lagging = true;
    }
  }

  /**
   * Tells whether the replica has the master's value of {@code key} (both null counts), read
   * directly from both servers.
   *
   * @param key e.g. a lock's fence counter
   * @return true if the values are equal
   */
  public boolean caughtUp(String key) {
    String onMaster;
    try (Jedis j = master.client()) {
      onMaster = j.get(key);
    }
    try (Jedis j = replica.client()) {
      if (readOnlyReplica) {
        j.readonly(); // a cluster replica answers reads of its master's slots only after this
      }
      return Objects.equals(onMaster, j.get(key));
    }
  }

  @Override
  public synchronized void start() {
    lag();
    master.pause();
    paused = true;
    awaitPromotion.run();
  }

  @Override
  public synchronized void heal() {
    try {
      replicationLink.heal();
      lagging = false;
    } finally {
      if (paused) {
        master.resume();
        paused = false;
      }
    }
  }
}
