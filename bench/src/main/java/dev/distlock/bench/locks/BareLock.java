package dev.distlock.bench.locks;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.Jedis;

/**
 * The floor of a fenced single-Redis lock: the two round trips any such lock pays and nothing else
 * (no watchdog, no notifications, no loss detection). Acquire is one script ({@code SET NX PX},
 * then {@code INCR} of the token counter), release one compare-and-delete script. A taken lock is
 * polled every 200 µs, so on a hot key the figure is a reference, not a floor.
 */
final class BareLock {
  static final String ACQUIRE =
      "if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then"
          + " return redis.call('incr', KEYS[2]) end return 0";
  static final String RELEASE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

  private final String acquireSha;
  private final String releaseSha;

  /** Loads the scripts through {@code j} (scripts are per server: load once per server). */
  BareLock(Jedis j) {
    acquireSha = j.scriptLoad(ACQUIRE);
    releaseSha = j.scriptLoad(RELEASE);
  }

  /** One acquire+release of {@code key} on {@code j}; returns the token. */
  long cycle(Jedis j, String key) {
    String owner = UUID.randomUUID().toString();
    List<String> keys = List.of("bare:" + key, "bare:" + key + ":fence");
    List<String> args = List.of(owner, "30000");
    long token;
    while ((token = (Long) j.evalsha(acquireSha, keys, args)) == 0) {
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // taken: poll
    }
    j.evalsha(releaseSha, keys.subList(0, 1), List.of(owner));
    return token;
  }
}
