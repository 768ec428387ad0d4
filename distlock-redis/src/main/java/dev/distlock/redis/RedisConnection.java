package dev.distlock.redis;

import java.time.Duration;
import java.util.Objects;
import java.util.function.Supplier;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.UnifiedJedis;

/**
 * A Redis client the application already has, for {@link RedisLocks#single(RedisConnection,
 * dev.distlock.LockSettings)}: any {@link UnifiedJedis} — Jedis 8's {@code RedisClient}, {@code
 * RedisSentinelClient} (the lock follows the master Sentinel names), {@code RedisClusterClient} or
 * the older {@code JedisCluster} (each lock's keys share one hash slot, see {@link RedisLocks}) —
 * or a {@code JedisPool}. distlock never closes it. Immutable; each {@code with…} method returns a
 * copy. (Jedis 8 removed {@code JedisPooled} and {@code JedisSentineled}: their users move to
 * {@code RedisClient} and {@code RedisSentinelClient}, which this class takes the same way.)
 *
 * <p><b>Timeouts.</b> distlock cannot read the client's socket timeout: state it with {@link
 * #requestTimeout(Duration)} (default 2 s, Jedis' default) so that the TTL checks of {@link
 * RedisLocks} hold. <b>Release notifications</b> need connections of their own in subscribed mode,
 * which a pooled or cluster client cannot lend; give a source with {@link #notifyThrough(Supplier)}
 * (e.g. {@code () -> new Jedis(sentineled.getCurrentMaster(), config)}), otherwise waiting
 * acquirers poll at the settings' retry delay: slower under contention, equally safe.
 */
public final class RedisConnection {
  private final String name;
  private final RedisNode node; // set when distlock owns the client (of(RedisNode))
  private final Commands commands;
  private final Duration requestTimeout;
  private final Supplier<Jedis> notifications;
  private final KeySpace keys;

  private RedisConnection(
      String name,
      RedisNode node,
      Commands commands,
      Duration requestTimeout,
      Supplier<Jedis> notifications,
      KeySpace keys) {
    this.name = name;
    this.node = node;
    this.commands = commands;
    this.requestTimeout = requestTimeout;
    this.notifications = notifications;
    this.keys = keys;
  }

  /**
   * A user's {@link UnifiedJedis} ({@code RedisClient}, {@code RedisSentinelClient}, {@code
   * RedisClusterClient}, {@code JedisCluster}, …), whatever protocol it speaks (Jedis 8 negotiates
   * RESP3 by default; the locks' replies read the same in RESP2 and RESP3).
   *
   * @param client the client, left open by distlock
   * @return the connection, with a 2 s request timeout, no notifications and the default prefix
   */
  public static RedisConnection of(UnifiedJedis client) {
    Objects.requireNonNull(client, "client");
    return new RedisConnection(
        client.getClass().getSimpleName(),
        null,
        Commands.of(client, false),
        Duration.ofSeconds(2),
        null,
        KeySpace.DEFAULT);
  }

  /**
   * A user's {@link JedisPool}; each command borrows a connection. (Jedis deprecates {@code
   * JedisPool} in favour of {@code RedisClient}, which {@link #of(UnifiedJedis)} takes.)
   *
   * @param pool the pool, left open by distlock
   * @return the connection, with a 2 s request timeout, no notifications and the default prefix
   */
  public static RedisConnection of(JedisPool pool) {
    Objects.requireNonNull(pool, "pool");
    return new RedisConnection(
        "JedisPool", null, Commands.of(pool, false), Duration.ofSeconds(2), null, KeySpace.DEFAULT);
  }

  /**
   * A node distlock connects to itself (its own pool and pub/sub connections, as {@link
   * RedisLocks#single(RedisNode)}), for the options below, e.g. a key prefix.
   *
   * @param node the node; its timeouts are the request timeout
   * @return the connection, with notifications
   */
  public static RedisConnection of(RedisNode node) {
    Objects.requireNonNull(node, "node");
    return new RedisConnection(
        node.toString(), node, null, node.requestTimeout(), null, KeySpace.DEFAULT);
  }

  /**
   * States the client's per-request timeout (its socket timeout; for a cluster client, times its
   * redirections).
   *
   * @param timeout positive
   * @return a copy
   * @throws IllegalArgumentException if not positive
   */
  public RedisConnection requestTimeout(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    if (node != null) {
      throw new IllegalStateException("a RedisNode's timeouts are set on the RedisNode");
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new IllegalArgumentException("requestTimeout must be positive, got " + timeout);
    }
    return new RedisConnection(name, node, commands, timeout, notifications, keys);
  }

  /**
   * Where release notifications are heard: each call opens a fresh, unpooled connection to a server
   * that sees the locks' {@code PUBLISH}es (the master; any node of a cluster), used in subscribed
   * mode until it breaks, then closed. Called again after each break, so a supplier that asks
   * Sentinel for the master follows failovers.
   *
   * @param connections the source
   * @return a copy
   */
  public RedisConnection notifyThrough(Supplier<Jedis> connections) {
    if (node != null) {
      throw new IllegalStateException("a RedisNode connection already has notifications");
    }
    return new RedisConnection(
        name,
        node,
        commands,
        requestTimeout,
        Objects.requireNonNull(connections, "connections"),
        keys);
  }

  /**
   * Sets the namespace of every key and channel (default {@code distlock:}): the lock key is {@code
   * <prefix>{name}}, the fence counter {@code <prefix>{name}:fence}, release notifications go to
   * {@code <prefix>released:{name}}.
   *
   * @param prefix no braces (they would take the hash tag's place)
   * @return a copy
   * @throws IllegalArgumentException if the prefix contains a brace
   */
  public RedisConnection keyPrefix(String prefix) {
    return new RedisConnection(
        name,
        node,
        commands,
        requestTimeout,
        notifications,
        new KeySpace(Objects.requireNonNull(prefix, "prefix")));
  }

  Duration requestTimeout() {
    return requestTimeout;
  }

  KeySpace keys() {
    return keys;
  }

  /** The description the engine uses for timeouts and messages. */
  RedisNode descriptor() {
    if (node != null) {
      return node;
    }
    return RedisNode.builder(name, 1)
        .requestTimeout(requestTimeout)
        .connectTimeout(requestTimeout)
        .build();
  }

  RedisNodeClient client(String releaseTag) {
    if (node != null) {
      return new RedisNodeClient(node, keys, releaseTag);
    }
    return new RedisNodeClient(descriptor(), commands, notifications, keys, releaseTag);
  }

  @Override
  public String toString() {
    return "RedisConnection[" + name + ", timeout=" + requestTimeout.toMillis() + "ms]";
  }
}
