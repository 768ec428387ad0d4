package dev.distlock.workload;

import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.RedisCluster;
import dev.distlock.cluster.RedisSentinels;
import dev.distlock.cluster.RedisServer;
import dev.distlock.nemesis.ServerFailover;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The Redis deployments that manage themselves — Sentinel ({@link LockKind#SENTINEL}) and Redis
 * Cluster ({@link LockKind#CLUSTER}) — as a {@link Deployment} uses them: started through Toxiproxy
 * (each node announces its front), their nodes in start order, the addresses clients discover, and
 * the failover the servers decide. Exactly one of the two is set. Thread-safe for reads.
 */
public final class ManagedRedis {
  /**
   * Sentinel's failover timeout here: longer than a run takes to reach its failover, because
   * Sentinel moves a replica off its own replication link (the one a failover cuts) this long after
   * it first sees it; not much longer, because a failover attempt that fails (a split vote) is
   * retried only twice this long later. Sentinel also waits that long before failing the same
   * master over again: one failover per run, on fresh servers.
   */
  static final Duration SENTINEL_FAILOVER_TIMEOUT = Duration.ofSeconds(90);

  private final RedisSentinels sentinels;
  private final RedisCluster cluster;

  private ManagedRedis(RedisSentinels sentinels, RedisCluster cluster) {
    this.sentinels = sentinels;
    this.cluster = cluster;
  }

  /**
   * Starts the servers of {@code kind}, owned by {@code owner}'s current scope, and waits until
   * they have settled (sentinels know each other and the replica; every cluster slot is served and
   * every replica in sync).
   *
   * @param kind {@link LockKind#SENTINEL} or {@link LockKind#CLUSTER}
   * @param options persistence (clock shifts are not supported: no column needs them)
   * @param owner the extension that owns the servers
   * @param name a prefix for proxies and logs, unique per Toxiproxy server
   * @return the running deployment
   * @throws IllegalArgumentException for another kind, or a clock shift
   */
  static ManagedRedis start(
      LockKind kind, DeploymentOptions options, ClusterExtension owner, String name) {
    if (!kind.serverFailover()) {
      throw new IllegalArgumentException(kind + " is not a self-managed Redis deployment");
    }
    if (options.clockShift()) {
      throw new IllegalArgumentException(kind + " runs without the clock-shift library");
    }
    if (kind == LockKind.SENTINEL) {
      return new ManagedRedis(
          owner.manage(
              RedisSentinels.builder()
                  .toxiproxy(owner.toxiproxy())
                  .name(name + "-sentinel")
                  .failoverTimeout(SENTINEL_FAILOVER_TIMEOUT)
                  .persistent(options.persistent())
                  .logDir(owner.logDir())
                  .start()),
          null);
    }
    return new ManagedRedis(
        null,
        owner.manage(
            RedisCluster.builder()
                .toxiproxy(owner.toxiproxy())
                .persistent(options.persistent())
                .logDir(owner.logDir())
                .start()));
  }

  /**
   * Returns the nodes in start order (Sentinel: the first master, then its replica; cluster: three
   * masters, then three replicas, as {@code redis-cli --cluster create} pairs them).
   *
   * @return the servers
   */
  public List<RedisServer> nodes() {
    return sentinels != null ? sentinels.nodes() : cluster.nodes();
  }

  /**
   * Returns the address each node announces, in node order, as "host:port".
   *
   * @return the announced addresses
   */
  List<String> announced() {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < nodes().size(); i++) {
      out.add((sentinels != null ? sentinels.announced(i) : cluster.announced(i)).toString());
    }
    return out;
  }

  /**
   * Returns the sentinels' addresses as "host:port" (empty for a cluster).
   *
   * @return the addresses
   */
  List<String> sentinelAddresses() {
    return sentinels == null
        ? List.of()
        : sentinels.sentinelAddresses().stream().map(Object::toString).sorted().toList();
  }

  /**
   * Returns the Sentinel deployment.
   *
   * @return the sentinels and their nodes
   * @throws IllegalStateException for a cluster
   */
  public RedisSentinels sentinels() {
    if (sentinels == null) {
      throw new IllegalStateException("a Redis Cluster has no sentinels");
    }
    return sentinels;
  }

  /**
   * Returns the Redis Cluster.
   *
   * @return the cluster
   * @throws IllegalStateException for Sentinel
   */
  public RedisCluster cluster() {
    if (cluster == null) {
      throw new IllegalStateException("a Sentinel deployment is no Redis Cluster");
    }
    return cluster;
  }

  /**
   * Returns the failover of the master that holds {@code key} now (Sentinel: the master; cluster:
   * the master of the key's slot, or of slot 0 if no key is given).
   *
   * @param key a key of the lock, or null
   * @return the nemesis, not started
   */
  ServerFailover failover(String key) {
    if (sentinels != null) {
      return ServerFailover.sentinel(sentinels);
    }
    return ServerFailover.cluster(cluster, key == null ? 0 : RedisCluster.slot(key));
  }

  @Override
  public String toString() {
    return sentinels != null ? sentinels.toString() : cluster.toString();
  }
}
