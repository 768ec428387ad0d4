package dev.distlock.peers;

import dev.distlock.testbed.TestedLockFactory.Target;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
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
}
