package dev.distlock.redis;

import dev.distlock.LockBackendException;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.apache.commons.pool2.impl.GenericObjectPoolConfig;
import redis.clients.jedis.ClientSetInfoConfig;
import redis.clients.jedis.Connection;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisException;
import redis.clients.jedis.exceptions.JedisNoScriptException;

/**
 * The lock operations on one Redis node, each one script call by SHA (loaded once, reloaded after a
 * restart flushed the script cache). Every failure becomes a {@link LockBackendException} naming
 * the node. Thread-safe.
 */
final class RedisNodeClient implements AutoCloseable {
  private final RedisNode node;
  private final KeySpace keys;
  private final Commands commands;
  private final Supplier<Jedis> subscriber;
  private final ConcurrentHashMap<String, String> shas = new ConcurrentHashMap<>();
  private final String releaseTag;

  /**
   * @param releaseTag tags this client's release notifications, so its own release listener can
   *     tell them from other clients' (see {@link ReleaseListener})
   */
  RedisNodeClient(RedisNode node, KeySpace keys, String releaseTag) {
    this.node = node;
    this.keys = keys;
    this.releaseTag = releaseTag;
    JedisClientConfig config = clientConfig(node);
    GenericObjectPoolConfig<Connection> poolConfig = new GenericObjectPoolConfig<>();
    poolConfig.setMaxTotal(node.poolSize());
    poolConfig.setMaxIdle(node.poolSize());
    poolConfig.setMinIdle(0);
    // Waiting for a pooled connection is bounded like any request.
    poolConfig.setMaxWait(node.requestTimeout());
    poolConfig.setJmxEnabled(false);
    HostAndPort address = new HostAndPort(node.host(), node.port());
    this.commands =
        Commands.of(
            RedisClient.builder()
                .hostAndPort(address)
                .clientConfig(config)
                .poolConfig(poolConfig)
                .build(),
            true);
    this.subscriber = () -> new Jedis(address, config);
  }

  /**
   * Over a user's client ({@link RedisConnection}); {@code node} only describes it (name,
   * timeouts).
   *
   * @param subscriber fresh connections for pub/sub, or null: then waiters poll
   */
  RedisNodeClient(
      RedisNode node,
      Commands commands,
      Supplier<Jedis> subscriber,
      KeySpace keys,
      String releaseTag) {
    this.node = node;
    this.keys = keys;
    this.releaseTag = releaseTag;
    this.commands = commands;
    this.subscriber = subscriber;
  }

  RedisNode node() {
    return node;
  }

  KeySpace keys() {
    return keys;
  }

  /** A fresh, unpooled connection (for the node's {@link Subscription}). */
  Jedis newConnection() {
    return subscriber.get();
  }

  /** Whether release notifications can be heard: a user's client may come without them. */
  boolean notifies() {
    return subscriber != null;
  }

  /** Whether anyone holds {@code name} on this node. */
  boolean isLocked(String name) {
    try {
      return commands.exists(keys.lockKey(name));
    } catch (JedisException e) {
      throw failure("EXISTS", e);
    }
  }

  /** Result of an acquire script on one node. */
  sealed interface NodeAcquire {}

  /** Taken; {@code token} is the node's fence counter after the acquire. */
  record Taken(long token) implements NodeAcquire {}

  /** Held by someone else for {@code pttlMillis} more (negative: no expiry known). */
  record Held(long pttlMillis) implements NodeAcquire {}

  /** Free, but the proposed token was not above the node's counter {@code fence}. */
  record Stale(long fence) implements NodeAcquire {}

  NodeAcquire acquire(String name, String owner, long ttlMillis) {
    List<?> r =
        (List<?>)
            eval(
                Scripts.ACQUIRE,
                List.of(keys.lockKey(name), keys.fenceKey(name)),
                List.of(owner, Long.toString(ttlMillis)));
    return decode(r);
  }

  NodeAcquire acquireProposed(String name, String owner, long ttlMillis, long proposed) {
    List<?> r =
        (List<?>)
            eval(
                Scripts.ACQUIRE_PROPOSED,
                List.of(keys.lockKey(name), keys.fenceKey(name)),
                List.of(owner, Long.toString(ttlMillis), Long.toString(proposed)));
    return decode(r);
  }

  /** True if {@code owner} still held the lock and it was extended. */
  boolean renew(String name, String owner, long ttlMillis) {
    Object r =
        evalRepeatable(
            Scripts.RENEW, List.of(keys.lockKey(name)), List.of(owner, Long.toString(ttlMillis)));
    return Long.valueOf(1).equals(r);
  }

  /** The message this client's releases of {@code name} publish (for scripts that release). */
  String releaseMessage(String name) {
    return ReleaseListener.message(releaseTag, name);
  }

  /** True if {@code owner} held the lock and it was deleted. */
  boolean release(String name, String owner) {
    Object r =
        evalRepeatable(
            Scripts.RELEASE,
            List.of(keys.lockKey(name)),
            List.of(owner, keys.releaseChannel(name), ReleaseListener.message(releaseTag, name)));
    return Long.valueOf(1).equals(r);
  }

  /** Answers if the node is reachable; throws otherwise. */
  void ping() {
    try {
      commands.ping();
    } catch (JedisException e) {
      throw failure("PING", e);
    }
  }

  /** Publishes {@code message} on {@code channel}. */
  void publish(String channel, String message) {
    try {
      commands.publish(channel, message);
    } catch (JedisException e) {
      throw failure("PUBLISH", e);
    }
  }

  /**
   * {@link #eval} for scripts that are safe to run twice (compare-and-pexpire, compare-and-delete):
   * a pooled connection broken by a node restart fails on first use, so one more try on a fresh
   * connection saves the caller a spurious failure.
   */
  Object evalRepeatable(String script, List<String> keyList, List<String> args) {
    try {
      return eval(script, keyList, args);
    } catch (LockBackendException e) {
      if (!(e.getCause() instanceof JedisConnectionException)) {
        throw e;
      }
      return eval(script, keyList, args);
    }
  }

  Object eval(String script, List<String> keyList, List<String> args) {
    // The first key routes SCRIPT LOAD to the node that runs the script (a cluster's slot owner).
    String sampleKey = keyList.get(0);
    try {
      String sha = shas.get(script);
      if (sha == null) {
        sha = commands.scriptLoad(script, sampleKey);
        shas.put(script, sha);
      }
      try {
        return commands.evalsha(sha, keyList, args);
      } catch (JedisNoScriptException restarted) {
        // The node lost its script cache (restart, SCRIPT FLUSH, a failover to a replica that
        // never ran SCRIPT LOAD): load again, once.
        sha = commands.scriptLoad(script, sampleKey);
        shas.put(script, sha);
        return commands.evalsha(sha, keyList, args);
      }
    } catch (JedisException e) {
      throw failure("script", e);
    }
  }

  private static NodeAcquire decode(List<?> r) {
    long flag = (Long) r.get(0);
    long value = (Long) r.get(1);
    return flag == 1 ? new Taken(value) : flag == 2 ? new Stale(value) : new Held(value);
  }

  private LockBackendException failure(String what, Exception e) {
    String kind = e instanceof JedisConnectionException ? "unreachable" : "error";
    return new LockBackendException(
        "redis "
            + node.host()
            + ':'
            + node.port()
            + ' '
            + kind
            + " ("
            + what
            + "): "
            + e.getMessage(),
        e);
  }

  private static JedisClientConfig clientConfig(RedisNode node) {
    DefaultJedisClientConfig.Builder b =
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis((int) node.connectTimeout().toMillis())
            .socketTimeoutMillis((int) node.requestTimeout().toMillis())
            .database(node.database())
            .clientName("distlock")
            .clientSetInfoConfig(ClientSetInfoConfig.DISABLED)
            // No HELLO: the server's default protocol (RESP2), the handshake of every Jedis before
            // 8. Jedis 8 negotiates RESP3 by default, which costs a round trip per new connection
            // (against timeouts of a few hundred ms), fails over to RESP2 on servers before 6, and
            // is not supported by the plain Jedis connections that Subscription uses (each would
            // log a warning and fall back to RESP2 anyway).
            .autoNegotiateProtocol(false);
    if (node.password() != null) {
      b.password(node.password());
    }
    if (node.user() != null) {
      b.user(node.user());
    }
    if (node.tls()) {
      b.ssl(true);
      if (node.sslSocketFactory() != null) {
        b.sslSocketFactory(node.sslSocketFactory());
      }
      if (node.sslParameters() != null) {
        b.sslParameters(node.sslParameters());
      }
      if (node.hostnameVerifier() != null) {
        b.hostnameVerifier(node.hostnameVerifier());
      }
    }
    return b.build();
  }

  @Override
  public void close() {
    commands.close();
  }

  @Override
  public String toString() {
    return node.toString();
  }
}
