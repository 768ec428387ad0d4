package dev.distlock.peers;

import dev.distlock.testbed.TestedLock;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;

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
    CuratorSession session = new CuratorSession(target);
    return new TestedLock() {
      @Override
      public Optional<Held> acquire(String name, Duration wait) throws Exception {
        InterProcessMutex mutex = new InterProcessMutex(session.curator(), "/peers/" + name);
        long seen = session.interruptions();
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
                return session.interruptions() == seen;
              }

              @Override
              public void release() throws Exception {
                mutex.release();
              }
            });
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }
}
