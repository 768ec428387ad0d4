package dev.distlock.peers;

import dev.distlock.testbed.TestedLock;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.integration.redis.util.RedisLockRegistry;

/**
 * Spring Integration's {@code RedisLockRegistry}: a local {@code ReentrantLock} per key in front of
 * a Redis key set with the registry's {@code expireAfter} (here the deployment's TTL) by a Lua
 * script; no renewal unless a renewal scheduler is set (it is not: Spring's default), no fencing
 * token. Modelled by the single-Redis spec without its token.
 */
public final class SpringRedisLockRegistryPeer implements TestedLockFactory {
  @Override
  public String name() {
    return "spring-redis";
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
    LettuceConnectionFactory redis = SpringRedis.connect(target, target.endpoints().get(0));
    RedisLockRegistry registry = new RedisLockRegistry(redis, "distlock-peers", target.ttl());
    return new TestedLock() {
      @Override
      public Optional<Held> acquire(String name, Duration wait) throws InterruptedException {
        Lock lock = registry.obtain(name);
        if (!lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          return Optional.empty();
        }
        return Optional.of(Held.untokened(lock::unlock));
      }

      @Override
      public void close() {
        try {
          registry.destroy();
        } finally {
          redis.destroy();
        }
      }
    };
  }
}
