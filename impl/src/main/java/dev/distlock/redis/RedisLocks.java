package dev.distlock.redis;

import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.internal.BackendLockClient;
import java.util.Objects;

/**
 * Factories for the Redis locks.
 *
 * <pre>{@code
 * try (LockClient locks = RedisLocks.single(RedisNode.of("127.0.0.1", 6379))) {
 *   DistributedLock lock = locks.lock("order:42");
 *   try (Lease lease = lock.acquire(Duration.ofSeconds(2))) {
 *     stock.decrement("sku-1", lease.fencingToken());
 *   }
 * }
 * }</pre>
 *
 * <p>Keys: {@code distlock:{name}} holds the owner id, {@code distlock:{name}:fence} the token
 * counter (never expires), and releases are announced on {@code distlock:released}.
 */
public final class RedisLocks {
  private RedisLocks() {}

  /** A single-node lock with the default settings (TTL 30 s, watchdog every 10 s). */
  public static LockClient single(RedisNode node) {
    return single(node, LockSettings.defaults());
  }

  /**
   * A single-node lock.
   *
   * @throws IllegalArgumentException if the node's request timeout is not shorter than the
   *     renewal interval: a renewal hanging that long leaves no time to retry before the lease runs
   *     out
   */
  public static LockClient single(RedisNode node, LockSettings settings) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(settings, "settings");
    checkTimeouts(node, settings);
    return BackendLockClient.create(new SingleRedisBackend(node, KeySpace.DEFAULT), settings);
  }

  static void checkTimeouts(RedisNode node, LockSettings settings) {
    if (node.requestTimeout().compareTo(settings.renewInterval()) >= 0) {
      throw new IllegalArgumentException(
          "request timeout "
              + node.requestTimeout()
              + " of "
              + node
              + " must be shorter than the renewal interval "
              + settings.renewInterval());
    }
  }
}
