package dev.distlock.peers;

import dev.distlock.testbed.TestedLock;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;

/**
 * Curator's {@code InterProcessMutex}: an ephemeral-sequential node, the lowest holds; no fencing
 * token exposed. The holder's belief follows Curator's advice: a lock acquired before a {@code
 * SUSPENDED} or {@code LOST} connection state must be considered lost. Modelled by the ZooKeeper
 * lock spec without its token.
 */
public final class CuratorMutexPeer implements TestedLockFactory {
  @Override
  public String name() {
    return "curator-mutex";
  }

  @Override
  public Set<LockKind> deployments() {
    return Set.of(LockKind.ZOOKEEPER);
  }

  @Override
  public boolean fencing() {
    return false;
  }

  @Override
  public String model() {
    return "ZooKeeperLock without token";
  }

  @Override
  public TestedLock open(Target target) {
    // The same client settings as distlock's ZooKeeper rows (ClientSession).
    CuratorFramework curator =
        CuratorFrameworkFactory.builder()
            .connectString(String.join(",", target.endpoints()))
            .sessionTimeoutMs(Math.toIntExact(target.sessionTimeout().toMillis()))
            .connectionTimeoutMs(Math.toIntExact(target.requestTimeout().toMillis()))
            .retryPolicy(new RetryNTimes(3, 100))
            .build();
    // Counts interruptions of the session; the listener runs on Curator's event thread and only
    // bumps the counter, so it never stalls other watchers.
    AtomicLong interruptions = new AtomicLong();
    curator
        .getConnectionStateListenable()
        .addListener(
            (c, state) -> {
              if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
                interruptions.incrementAndGet();
              }
            });
    curator.start();
    return new TestedLock() {
      @Override
      public Optional<Held> acquire(String name, Duration wait) throws Exception {
        InterProcessMutex mutex = new InterProcessMutex(curator, "/peers/" + name);
        long seen = interruptions.get();
        if (!mutex.acquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          return Optional.empty();
        }
        return Optional.of(
            new Held() {
              @Override
              public OptionalLong token() {
                return OptionalLong.empty();
              }

              @Override
              public boolean isValid() {
                return interruptions.get() == seen;
              }

              @Override
              public void release() throws Exception {
                mutex.release();
              }
            });
      }

      @Override
      public void close() {
        curator.close();
      }
    };
  }
}
