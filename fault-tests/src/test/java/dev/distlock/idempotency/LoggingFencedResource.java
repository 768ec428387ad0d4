package dev.distlock.idempotency;

import dev.distlock.LockBackendException;
import dev.distlock.guard.FencedResource;
import dev.distlock.guard.StaleTokenException;
import java.util.List;
import java.util.OptionalLong;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * The test's oracle: an access-fenced resource in Redis whose every applied write also appends its
 * token to {@code log{key}} in the same script, so the server itself counts how often an effect was
 * applied — also a write that timed out at the client and was delivered later. (The library's
 * {@code RedisFencedResource} has the same fencing without the log; tokens here stay small, so Lua
 * numbers compare them exactly.)
 */
final class LoggingFencedResource implements FencedResource {
  private static final String ACCESS =
      """
      local highest = tonumber(redis.call('get', KEYS[2]) or '-1')
      if tonumber(ARGV[1]) < highest then return {'stale', tostring(highest)} end
      redis.call('set', KEYS[2], ARGV[1])
      if ARGV[2] == 'w' then
        redis.call('set', KEYS[1], ARGV[3])
        redis.call('rpush', KEYS[3], ARGV[1])
        return {'ok', ARGV[3]}
      end
      local v = redis.call('get', KEYS[1])
      if v then return {'ok', v} end
      return {'none'}
      """;

  private final UnifiedJedis jedis;

  LoggingFencedResource(UnifiedJedis jedis) {
    this.jedis = jedis;
  }

  static String valueKey(String key) {
    return "pay:{" + key + "}";
  }

  static String logKey(String key) {
    return "log:{" + key + "}";
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
    String h = jedis.get("pay:{" + key + "}:fence");
    return h == null ? OptionalLong.empty() : OptionalLong.of(Long.parseLong(h));
  }

  private List<?> access(String key, long token, String op, String value) {
    List<?> r;
    try {
      r =
          (List<?>)
              jedis.eval(
                  ACCESS,
                  List.of(valueKey(key), "pay:{" + key + "}:fence", logKey(key)),
                  List.of(Long.toString(token), op, value));
    } catch (JedisException e) {
      throw new LockBackendException("oracle resource: " + e.getMessage(), e);
    }
    if ("stale".equals(r.get(0))) {
      throw new StaleTokenException(key, token, Long.parseLong((String) r.get(1)));
    }
    return r;
  }
}
