package dev.distlock.peers;

import dev.distlock.testbed.TestedLock;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.redisson.RedissonRedLock;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;

/**
 * Redisson's {@code RedissonRedLock} over five independent Redis masters, one Redisson client per
 * master: an {@code RLock} on each, held when a majority is taken. Deprecated in Redisson 4.7
 * (Redisson points to {@code RLock} on a replicated setup instead) but still shipped and used.
 * Modelled by the Redlock spec without its quorum token.
 */
@SuppressWarnings("deprecation")
public final class RedissonRedLockPeer implements TestedLockFactory {
  @Override
  public String name() {
    return "redisson-redlock";
  }

  @Override
  public Set<LockKind> deployments() {
    return Set.of(LockKind.REDLOCK);
  }

  @Override
  public boolean fencing() {
    return false;
  }

  @Override
  public String model() {
    return "Redlock without token";
  }

  @Override
  public TestedLock open(Target target) {
    List<RedissonClient> clients = new ArrayList<>();
    try {
      for (String e : target.endpoints()) {
        clients.add(RedissonClients.of(target, e));
      }
    } catch (RuntimeException e) {
      clients.forEach(RedissonClient::shutdown);
      throw e;
    }
    return new TestedLock() {
      @Override
      public Optional<Held> acquire(String name, Duration wait) throws InterruptedException {
        RLock[] each = clients.stream().map(c -> c.getLock(name)).toArray(RLock[]::new);
        RedissonRedLock lock = new RedissonRedLock(each);
        boolean ok =
            target.watchdog()
                ? lock.tryLock(wait.toMillis(), TimeUnit.MILLISECONDS)
                : lock.tryLock(wait.toMillis(), target.ttl().toMillis(), TimeUnit.MILLISECONDS);
        return ok ? Optional.of(Held.untokened(lock::unlock)) : Optional.empty();
      }

      @Override
      public void close() {
        clients.forEach(RedissonClient::shutdown);
      }
    };
  }
}
