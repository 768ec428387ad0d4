package dev.distlock.redis;

import java.util.List;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.util.Pool;

/**
 * The few commands the Redis locks send, over whichever client reaches the server: a {@link
 * UnifiedJedis} (the {@code RedisClient} distlock builds for a {@link RedisNode}, or the user's
 * {@code RedisClient}, {@code RedisSentinelClient}, {@code RedisClusterClient}, {@code
 * JedisCluster}) or a user's {@code JedisPool}. Keyed commands carry their key so a cluster client
 * routes them to the key's slot. Failures are the client's {@code JedisException}s, turned into
 * lock errors by {@link RedisNodeClient}.
 */
interface Commands extends AutoCloseable {
  String scriptLoad(String script, String sampleKey);

  Object evalsha(String sha, List<String> keys, List<String> args);

  String get(String key);

  boolean exists(String key);

  String ping();

  void publish(String channel, String message);

  /** Closes the client if distlock created it; a user's client is left to its owner. */
  @Override
  void close();

  /** Over a {@link UnifiedJedis}. */
  static Commands of(UnifiedJedis client, boolean owned) {
    return new Commands() {
      @Override
      public String scriptLoad(String script, String sampleKey) {
        return client.scriptLoad(script, sampleKey);
      }

      @Override
      public Object evalsha(String sha, List<String> keys, List<String> args) {
        return client.evalsha(sha, keys, args);
      }

      @Override
      public String get(String key) {
        return client.get(key);
      }

      @Override
      public boolean exists(String key) {
        return client.exists(key);
      }

      @Override
      public String ping() {
        return client.ping();
      }

      @Override
      public void publish(String channel, String message) {
        client.publish(channel, message);
      }

      @Override
      public void close() {
        if (owned) {
          client.close();
        }
      }
    };
  }

  /** Over a pool of {@link Jedis} connections (a {@code JedisPool}); one borrowed per command. */
  static Commands of(Pool<Jedis> pool, boolean owned) {
    return new Commands() {
      @Override
      public String scriptLoad(String script, String sampleKey) {
        try (Jedis j = pool.getResource()) {
          return j.scriptLoad(script);
        }
      }

      @Override
      public Object evalsha(String sha, List<String> keys, List<String> args) {
        try (Jedis j = pool.getResource()) {
          return j.evalsha(sha, keys, args);
        }
      }

      @Override
      public String get(String key) {
        try (Jedis j = pool.getResource()) {
          return j.get(key);
        }
      }

      @Override
      public boolean exists(String key) {
        try (Jedis j = pool.getResource()) {
          return j.exists(key);
        }
      }

      @Override
      public String ping() {
        try (Jedis j = pool.getResource()) {
          return j.ping();
        }
      }

      @Override
      public void publish(String channel, String message) {
        try (Jedis j = pool.getResource()) {
          j.publish(channel, message);
        }
      }

      @Override
      public void close() {
        if (owned) {
          pool.close();
        }
      }
    };
  }
}
