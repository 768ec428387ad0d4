package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;
import static org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder.request;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * Runs a test class that starts every kind of server and then fails, times out or forgets to close,
 * and checks that none of its processes outlives it.
 */
class NoSurvivorIT {
  static final List<Long> PIDS = new CopyOnWriteArrayList<>();

  @Test
  void noServerProcessOutlivesAFailingTestClass() {
    PIDS.clear();
    SummaryGeneratingListener listener = new SummaryGeneratingListener();

    LauncherFactory.create()
        .execute(request().selectors(selectClass(FailingClass.class)).build(), listener);

    TestExecutionSummary summary = listener.getSummary();
    assertThat(summary.getTestsStartedCount()).isEqualTo(3);
    assertThat(summary.getTestsFailedCount()).isEqualTo(3);
    assertThat(summary.getFailures())
        .extracting(f -> f.getException().getClass().getSimpleName())
        .containsExactlyInAnyOrder("AssertionError", "TimeoutException", "AssertionError");
    // Class-scoped redis and toxiproxy; redis and zookeeper; redis; the forgotten redis.
    assertThat(PIDS).hasSize(6);
    assertThat(PIDS)
        .allSatisfy(
            pid ->
                assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false))
                    .as("process %d is alive", pid)
                    .isFalse());
    assertThat(Processes.alive()).isEmpty();
  }

  /** Not run by failsafe (nested classes are excluded); run by the test above. */
  static class FailingClass {
    @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

    @BeforeAll
    static void startClassServers() {
      PIDS.add(cluster.redis().pid());
      PIDS.add(cluster.toxiproxy().process().pid());
    }

    @Test
    void failsWithAPausedRedisAndAZooKeeperRunning() {
      RedisServer redis = cluster.redis();
      PIDS.add(redis.pid());
      PIDS.add(cluster.zookeeper().pid());
      redis.pause();
      throw new AssertionError("fails on purpose");
    }

    @Test
    @Timeout(value = 2, unit = TimeUnit.SECONDS)
    void timesOutWithARedisRunning() throws InterruptedException {
      RedisServer redis = cluster.redis();
      PIDS.add(redis.pid());
      cluster.toxiproxy().proxy("p", redis).blackhole();
      new CountDownLatch(1).await(60, TimeUnit.SECONDS);
    }

    @Test
    void forgetsToCloseAServerStartedWithoutTheExtension() {
      PIDS.add(RedisServer.start().pid());
      throw new AssertionError("fails on purpose, leaving the server open");
    }
  }
}
