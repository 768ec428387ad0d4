package dev.distlock.peers;

import dev.distlock.testbed.TestedLock;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Redisson's {@code RLock} on one Redis server: a hash holding the owner (client id + thread id)
 * with a TTL, renewed by the watchdog when the lease time is left to it; no fencing token. Modelled
 * by the single-Redis spec without its token.
 */
public final class RedissonRLockPeer implements TestedLockFactory {
  @Override
  public String name() {
    return "redisson-rlock";
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
    return "SingleRedis without token";
  }

  @Override
  public TestedLock open(Target target) {
    RedissonClient redisson = RedissonClients.of(target, target.endpoints().get(0));
    return new TestedLock() {
      @Override
      public Optional<Held> acquire(String name, Duration wait) throws InterruptedException {
        RLock lock = redisson.getLock(name);
        // Without a lease time Redisson's watchdog renews the lock every TTL/3 until unlock.
        boolean ok =
            target.watchdog()
                ? lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)
                : lock.tryLock(wait.toMillis(), target.ttl().toMillis(), TimeUnit.MILLISECONDS);
        return ok ? Optional.of(Held.untokened(lock::unlock)) : Optional.empty();
      }

      @Override
      public void close() {
        redisson.shutdown();
      }
    };
  }
}
