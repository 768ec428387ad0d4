package dev.distlock.client;

import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.redis.RedisConnection;
import dev.distlock.redis.RedisLocks;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.HostAndPortMapper;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.RedisSentinelClient;
import redis.clients.jedis.UnifiedJedis;

/**
 * Builds a child's single-Redis lock over a deployment that tells its clients where the nodes are:
 * Sentinel (Jedis' {@code RedisSentinelClient}) or Redis Cluster ({@code RedisClusterClient}),
 * wrapped in {@link RedisConnection} exactly as a user would.
 *
 * <p>The nodes announce addresses shared by everyone (their Toxiproxy fronts); this client maps
 * each announced address to its own link to that node ({@link HostAndPortMapper}, applied by Jedis
 * when it opens a socket), so a partition or latency on one client's links leaves the other
 * clients, the sentinels and the replication alone, as on every other row. Sentinels are reached
 * directly.
 */
final class ReplicatedClients {
  /** Makes the session from the lock client and the Jedis client it runs on. */
  interface SessionFactory {
    ClientSession make(LockClient locks, AutoCloseable jedis);
  }

  private ReplicatedClients() {}

  static ClientSession open(ClientSpec spec, LockSettings settings, SessionFactory sessions) {
    int timeout = Math.toIntExact(spec.requestTimeout().toMillis());
    JedisClientConfig nodes = nodeConfig(spec, timeout);
    UnifiedJedis jedis;
    RedisConnection connection;
    if (spec.backend() == Backend.REDIS_SENTINEL) {
      Set<HostAndPort> sentinels = new LinkedHashSet<>();
      spec.sentinels().forEach(s -> sentinels.add(HostAndPort.from(s)));
      JedisClientConfig sentinelConfig =
          DefaultJedisClientConfig.builder()
              .connectionTimeoutMillis(timeout)
              .socketTimeoutMillis(timeout)
              .autoNegotiateProtocol(false)
              .build();
      RedisSentinelClient sentineled =
          RedisSentinelClient.builder()
              .masterName(MASTER_NAME)
              .clientConfig(nodes)
              .sentinels(sentinels)
              .sentinelClientConfig(sentinelConfig)
              .build();
      jedis = sentineled;
      // Notifications follow the master Sentinel names now, through this client's own link.
      connection =
          RedisConnection.of(sentineled)
              .notifyThrough(() -> new Jedis(sentineled.getCurrentMaster(), nodes));
    } else {
      Set<HostAndPort> seeds = new LinkedHashSet<>();
      spec.announced().forEach(a -> seeds.add(HostAndPort.from(a)));
      // The request timeout covers the cluster client's redirections (RedisConnection): two
      // attempts of half of it each. Jedis renews its slot map only after the last attempt of a
      // request fails, so a single attempt would keep knocking at a failed master forever; with
      // two, the request after a failed one goes where the cluster now serves the slot.
      RedisClusterClient cluster =
          RedisClusterClient.builder()
              .nodes(seeds)
              .clientConfig(nodeConfig(spec, Math.max(1, timeout / 2)))
              .maxAttempts(2)
              .maxTotalRetriesDuration(spec.requestTimeout())
              .build();
      jedis = cluster;
      // A PUBLISH reaches every node of a cluster: listen on the nodes in turn, a new one after
      // each break.
      List<HostAndPort> order = List.copyOf(seeds);
      AtomicInteger next = new AtomicInteger();
      connection =
          RedisConnection.of(cluster)
              .notifyThrough(
                  () -> new Jedis(order.get(next.getAndIncrement() % order.size()), nodes));
    }
    LockClient locks =
        RedisLocks.single(connection.requestTimeout(spec.requestTimeout()), settings);
    return sessions.make(locks, jedis);
  }

  /** The master name {@code dev.distlock.cluster.RedisSentinels} monitors. */
  static final String MASTER_NAME = "distlock";

  private static JedisClientConfig nodeConfig(ClientSpec spec, int timeoutMs) {
    Map<HostAndPort, HostAndPort> own = new HashMap<>();
    for (int i = 0; i < spec.announced().size(); i++) {
      own.put(HostAndPort.from(spec.announced().get(i)), HostAndPort.from(spec.endpoints().get(i)));
    }
    // Unknown addresses (none expected) are used as given.
    HostAndPortMapper mapper = hp -> own.getOrDefault(hp, hp);
    return DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(timeoutMs)
        .socketTimeoutMillis(timeoutMs)
        .hostAndPortMapper(mapper)
        .autoNegotiateProtocol(false)
        .build();
  }

  /**
   * The ports this client's lock threads may hold connections to: its links and the sentinels.
   *
   * @param spec the spec
   * @return the ports, for the leak check after close
   */
  static Set<Integer> ports(ClientSpec spec) {
    Set<Integer> ports = new HashSet<>();
    spec.endpoints().forEach(e -> ports.add(HostAndPort.from(e).getPort()));
    spec.sentinels().forEach(e -> ports.add(HostAndPort.from(e).getPort()));
    return ports;
  }
}
