package dev.distlock.peers;

import dev.distlock.testbed.TestedLock;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RFencedLock;
import org.redisson.api.RedissonClient;

/**
 * Redisson's {@code RFencedLock} on one Redis server: {@code RLock} plus a token from a counter
 * incremented on the same server by each acquisition. Modelled by the single-Redis spec with its
 * token.
 */
public final class RedissonFencedLockPeer implements TestedLockFactory {
  @Override
  public String name() {
    return "redisson-fenced";
  }

  @Override
  public Set<LockKind> deployments() {
    return Set.of(LockKind.SINGLE, LockKind.SINGLE_REPLICA);
  }

  @Override
  public boolean fencing() {
    return true;
  }

  @Override
  public String model() {
    return "SingleRedis with token";
  }

  @Override
  public TestedLock open(Target target) {
    RedissonClient redisson = RedissonClients.of(target, target.endpoints().get(0));
    return new TestedLock() {
      @Override
      public Optional<Held> acquire(String name, Duration wait) {
        RFencedLock lock = redisson.getFencedLock(name);
        Long token =
            target.watchdog()
                ? lock.tryLockAndGetToken(wait.toMillis(), TimeUnit.MILLISECONDS)
                : lock.tryLockAndGetToken(
                    wait.toMillis(), target.ttl().toMillis(), TimeUnit.MILLISECONDS);
        return token == null
            ? Optional.empty()
            : Optional.of(Held.of(OptionalLong.of(token), () -> true, lock::unlock));
      }

      @Override
      public void close() {
        redisson.shutdown();
      }
    };
  }
}
