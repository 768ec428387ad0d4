package dev.distlock.peers;

import dev.distlock.testbed.TestedLock;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import net.javacrumbs.shedlock.core.ClockProvider;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.redis.spring.RedisLockProvider;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * ShedLock's Redis provider (Spring Data Redis): {@code SET NX PX lockAtMostFor} with the
 * deployment's TTL as {@code lockAtMostFor} and no {@code lockAtLeastFor}; no renewal, no fencing
 * token. Its release ({@code unlock} with no {@code lockAtLeastFor}) deletes the key without
 * checking that it is still the holder's: the default of {@code RedisLockProvider}, whose builder
 * has a {@code safeUpdate} option that checks. ShedLock never waits for a lock (it skips a task
 * whose lock is taken), so the adapter asks again every 5–30 ms until the wait is over, as
 * distlock's own acquire loop does. Modelled by the single-Redis spec without its token.
 */
public final class ShedLockRedisPeer implements TestedLockFactory {
  @Override
  public String name() {
    return "shedlock-redis";
  }

  @Override
  public Set<LockKind> deployments() {
    return Set.of(LockKind.SINGLE, LockKind.SINGLE_REPLICA);
  }

  @Override
  public boolean fencing() {
    return false;
  }

  @Override
  public String model() {
    // The spec's release is compare-and-delete; ShedLock's default release deletes the key
    // unchecked (RedisLockProvider's safeUpdate is off unless its builder turns it on).
    return "SingleRedis without token; release unchecked (not in the spec)";
  }

  @Override
  public TestedLock open(Target target) {
    LettuceConnectionFactory redis = SpringRedis.connect(target, target.endpoints().get(0));
    RedisLockProvider provider = new RedisLockProvider(redis, "distlock-peers");
    return new TestedLock() {
      @Override
      public Optional<Held> acquire(String name, Duration wait) throws InterruptedException {
        long end = System.nanoTime() + wait.toNanos();
        while (true) {
          Optional<SimpleLock> lock =
              provider.lock(
                  new LockConfiguration(ClockProvider.now(), name, target.ttl(), Duration.ZERO));
          if (lock.isPresent()) {
            return Optional.of(Held.untokened(lock.get()::unlock));
          }
          long left = end - System.nanoTime();
          if (left <= 0) {
            return Optional.empty();
          }
          // The retry delay is the adapter's wait, not synchronisation: ShedLock has no wait.
          Thread.sleep(Math.min(left / 1_000_000 + 1, ThreadLocalRandom.current().nextLong(5, 31)));
        }
      }

      @Override
      public void close() {
        redis.destroy();
      }
    };
  }
}
