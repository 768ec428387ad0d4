package dev.distlock.peers;

import dev.distlock.testbed.TestedLock;
import dev.distlock.testbed.TestedLockFactory.Target;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BiFunction;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessLock;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.retry.RetryNTimes;

/**
 * A started Curator client with the settings of distlock's ZooKeeper rows (the deployment's session
 * and connection timeouts, three retries 100 ms apart), and a count of its session interruptions:
 * Curator's recipes tell a holder to consider its lock lost on {@code SUSPENDED} or {@code LOST}.
 * The listener runs on Curator's event thread and only bumps the count, so it never stalls other
 * watchers.
 */
final class CuratorSession implements AutoCloseable {
  private final CuratorFramework curator;
  private final AtomicLong interruptions = new AtomicLong();

  CuratorSession(Target target) {
    curator =
        CuratorFrameworkFactory.builder()
            .connectString(String.join(",", target.endpoints()))
            .sessionTimeoutMs(Math.toIntExact(target.sessionTimeout().toMillis()))
            .connectionTimeoutMs(Math.toIntExact(target.requestTimeout().toMillis()))
            .retryPolicy(new RetryNTimes(3, 100))
            .build();
    curator
        .getConnectionStateListenable()
        .addListener(
            (c, state) -> {
              if (state == ConnectionState.SUSPENDED || state == ConnectionState.LOST) {
                interruptions.incrementAndGet();
              }
            });
    curator.start();
  }

  CuratorFramework curator() {
    return curator;
  }

  /** The number of interruptions so far; a holder believes while it has not changed. */
  long interruptions() {
    return interruptions.get();
  }

  @Override
  public void close() {
    curator.close();
  }

  /**
   * Opens a Curator lock recipe as a tested lock: one recipe instance per acquisition, under {@code
   * root}; no token; believed until the session is interrupted.
   *
   * @param target the deployment
   * @param root the recipe's parent path, e.g. {@code /peers}
   * @param recipe builds the recipe for a client and a lock path
   * @return the open lock; closing it closes the Curator client
   */
  static TestedLock open(
      Target target, String root, BiFunction<CuratorFramework, String, InterProcessLock> recipe) {
    CuratorSession session = new CuratorSession(target);
    return new TestedLock() {
      @Override
      public Optional<Held> acquire(String name, Duration wait) throws Exception {
        InterProcessLock lock = recipe.apply(session.curator, root + "/" + name);
        long seen = session.interruptions();
        if (!lock.acquire(wait.toMillis(), TimeUnit.MILLISECONDS)) {
          return Optional.empty();
        }
        return Optional.of(
            Held.of(OptionalLong.empty(), () -> session.interruptions() == seen, lock::release));
      }

      @Override
      public void close() {
        session.close();
      }
    };
  }
}
