package dev.distlock.redis;

import dev.distlock.LockBackendException;
import dev.distlock.guard.FencedResource;
import dev.distlock.guard.StaleTokenException;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link FencedResource} in Redis: one script per access compares the token with the key's highest,
 * records it and applies the access, atomically. Tokens are compared as decimal strings (length,
 * then digits), so the full 64-bit range is exact where Lua numbers (doubles) would round.
 *
 * <p>Keys: {@code namespace{key}} (value) and {@code namespace{key}:fence} (highest token), in one
 * hash slot per key, so it works on Redis Cluster too. The caller owns the Jedis client.
 * Thread-safe as the client is.
 */
public final class RedisFencedResource implements FencedResource {
  /**
   * KEYS[1] value, KEYS[2] fence; ARGV[1] token, ARGV[2] 'r' or 'w', ARGV[3] value, ARGV[4] '1' if
   * reads are fenced. Returns {'stale', highest}, {'ok', value} or {'none'}.
   */
  private static final String ACCESS =
      """
      local function less(a, b)
        if #a ~= #b then return #a < #b end
        return a < b
      end
      if ARGV[2] == 'w' or ARGV[4] == '1' then
        local highest = redis.call('get', KEYS[2])
        if highest and less(ARGV[1], highest) then
          return {'stale', highest}
        end
        redis.call('set', KEYS[2], ARGV[1])
      end
      if ARGV[2] == 'w' then
        redis.call('set', KEYS[1], ARGV[3])
        return {'ok', ARGV[3]}
      end
      local v = redis.call('get', KEYS[1])
      if v then
        return {'ok', v}
      end
      return {'none'}
      """;

  private final UnifiedJedis jedis;
  private final String namespace;
  private final Fencing fencing;

  /** A resource with access fencing (reads and writes checked and recorded). */
  public static FencedResource create(UnifiedJedis jedis, String namespace) {
    return new RedisFencedResource(jedis, namespace, Fencing.ACCESS);
  }

  /**
   * A resource with the given fencing; {@link Fencing#WRITES_ONLY} loses updates and exists only to
   * demonstrate that.
   */
  public static FencedResource create(UnifiedJedis jedis, String namespace, Fencing fencing) {
    return new RedisFencedResource(jedis, namespace, fencing);
  }

  private RedisFencedResource(UnifiedJedis jedis, String namespace, Fencing fencing) {
    this.jedis = Objects.requireNonNull(jedis, "jedis");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
    this.fencing = Objects.requireNonNull(fencing, "fencing");
  }

  @Override
  public OptionalLong read(String key, long token) {
    List<?> r = access(key, token, "r", "");
    return r.size() == 1
        ? OptionalLong.empty()
        : OptionalLong.of(Long.parseLong((String) r.get(1)));
  }

  @Override
  public void write(String key, long value, long token) {
    access(key, token, "w", Long.toString(value));
  }

  @Override
  public OptionalLong highestToken(String key) {
    try {
      String h = jedis.get(fenceKey(Objects.requireNonNull(key, "key")));
      return h == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(h));
    } catch (JedisException e) {
      throw new LockBackendException("fenced resource: " + e.getMessage(), e);
    }
  }

  private List<?> access(String key, long token, String op, String value) {
    Objects.requireNonNull(key, "key");
    if (token < 0) {
      throw new IllegalArgumentException("fencing token must not be negative, got " + token);
    }
    List<?> r;
    try {
      r =
          (List<?>)
              jedis.eval(
                  ACCESS,
                  List.of(valueKey(key), fenceKey(key)),
                  List.of(Long.toString(token), op, value, fencing == Fencing.ACCESS ? "1" : "0"));
    } catch (JedisException e) {
      throw new LockBackendException("fenced resource: " + e.getMessage(), e);
    }
    if ("stale".equals(r.get(0))) {
      throw new StaleTokenException(key, token, Long.parseLong((String) r.get(1)));
    }
    return r;
  }

  private String valueKey(String key) {
    return namespace + '{' + key + '}';
  }

  private String fenceKey(String key) {
    return namespace + '{' + key + "}:fence";
  }

  @Override
  public String toString() {
    return "FencedResource[redis " + namespace + ", " + fencing + "]";
  }
}
