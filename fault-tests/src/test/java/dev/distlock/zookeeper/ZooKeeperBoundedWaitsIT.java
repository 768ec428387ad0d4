package dev.distlock.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.distlock.Lease;
import dev.distlock.LockBackendException;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.ZooKeeperServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.ExponentialBackoffRetry;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Regression tests of issue #10 for the ZooKeeper lock, on a real server behind Toxiproxy: every
 * wait has a deadline even when ZooKeeper swallows requests, huge waits do not spin, the lease's
 * validity is bounded by the session, and loss listeners never run on ZooKeeper's threads.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ZooKeeperBoundedWaitsIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final int SESSION_MS = 6_000;
  private static final int CONNECTION_TIMEOUT_MS = 1_000; // the lock's request timeout
  private static final AtomicInteger IDS = new AtomicInteger();
  private static ZooKeeperServer zk;
  private final List<AutoCloseable> closeables = new ArrayList<>();
  private final ExecutorService pool = Executors.newCachedThreadPool();

  @BeforeAll
  static void start() {
    zk = cluster.zookeeper();
  }

  @AfterEach
  void close() throws Exception {
    pool.shutdownNow();
    for (int i = closeables.size() - 1; i >= 0; i--) {
      try {
        closeables.get(i).close();
      } catch (RuntimeException e) {
        // a lock client closed while ZooKeeper was black-holed: cleanup is best effort
      }
    }
  }

  private LockClient client(String connect) {
    CuratorFramework c =
        CuratorFrameworkFactory.builder()
            .connectString(connect)
            .sessionTimeoutMs(SESSION_MS)
            .connectionTimeoutMs(CONNECTION_TIMEOUT_MS)
            // A patient retry policy: Curator alone would keep a call going for many seconds.
            .retryPolicy(new ExponentialBackoffRetry(200, 10))
            .build();
    c.start();
    closeables.add(c);
    LockClient locks = ZooKeeperLocks.create(c, "/bounded", LockSettings.defaults());
    closeables.add(locks);
    return locks;
  }

  private ProxiedEndpoint proxy() {
    return cluster.toxiproxy().proxy("zk-bounded-" + IDS.incrementAndGet(), zk.host(), zk.port());
  }

  private static String connect(ProxiedEndpoint p) {
    return p.host() + ":" + p.port();
  }

  @Test
  void anAcquireAgainstABlackHoledZooKeeperReturnsWithinTheWaitPlusOneRequestTimeout() {
    ProxiedEndpoint p = proxy();
    LockClient locks = client(connect(p));
    locks.lock("warm-up").acquire(Duration.ofSeconds(5)).close(); // connected, session live
    p.blackhole();
    long start = System.nanoTime();
    try {
      Optional<Lease> lease = locks.lock("bh").tryAcquire(Duration.ofMillis(100));
      assertThat(lease).isEmpty();
    } catch (LockBackendException expected) {
      // unreachable: a typed error is the right answer too
    }
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(tookMs).isLessThan(100 + CONNECTION_TIMEOUT_MS + 1_000); // 1 s scheduling slack
    p.heal();
  }

  @Test
  void closingALeaseAgainstABlackHoledZooKeeperIsBounded() {
    ProxiedEndpoint p = proxy();
    LockClient locks = client(connect(p));
    Lease lease = locks.lock("close-bh").acquire(Duration.ofSeconds(5));
    p.blackhole();
    long start = System.nanoTime();
    try {
      lease.close();
    } catch (LockBackendException expected) {
      // not confirmed in time: Curator keeps retrying the delete in the background
    }
    long tookMs = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertThat(tookMs).isLessThan(CONNECTION_TIMEOUT_MS + 1_000);
    p.heal();
  }

  @Test
  void aWaitOfLongMaxMillisWaitsForTheReleaseInsteadOfSpinning() throws Exception {
    LockClient a = client(zk.connectString());
    LockClient b = client(zk.connectString());
    Lease held = a.lock("huge").acquire(Duration.ofSeconds(5));
    Future<Lease> waiter =
        pool.submit(() -> b.lock("huge").acquire(Duration.ofMillis(Long.MAX_VALUE)));
    // Let the waiter wait a while: a spinning waiter creates and deletes a node per attempt,
    // each a ZooKeeper transaction that advances the czxid the next token is taken from.
    await()
        .pollDelay(Duration.ofSeconds(1))
        .atMost(Duration.ofSeconds(3))
        .until(() -> !waiter.isDone());
    held.close();
    try (Lease next = waiter.get(10, TimeUnit.SECONDS)) {
      assertThat(next.fencingToken() - held.fencingToken()).isBetween(1L, 20L);
    }
  }

  @Test
  void aZooKeeperLeaseReportsASessionBoundValidity() {
    LockClient locks = client(zk.connectString());
    try (Lease lease = locks.lock("validity").acquire(Duration.ofSeconds(5))) {
      assertThat(lease.remainingValidity())
          .isPositive()
          .isLessThanOrEqualTo(Duration.ofMillis(SESSION_MS));
    }
  }

  @Test
  void onLostListenersNeverRunOnZooKeeperOrCuratorThreads() throws Exception {
    CuratorFramework c =
        CuratorFrameworkFactory.builder()
            .connectString(zk.connectString())
            .sessionTimeoutMs(SESSION_MS)
            .connectionTimeoutMs(CONNECTION_TIMEOUT_MS)
            .retryPolicy(new ExponentialBackoffRetry(100, 3))
            .build();
    c.start();
    closeables.add(c);
    LockClient locks = ZooKeeperLocks.create(c, "/bounded");
    closeables.add(locks);
    Lease lease = locks.lock("listener").acquire(Duration.ofSeconds(5));
    Map<String, String> thread = new ConcurrentHashMap<>();
    lease.onLost(r -> thread.put("lost", Thread.currentThread().getName()));
    Sessions.expire(c, zk.connectString());
    await().atMost(Duration.ofSeconds(20)).until(() -> thread.containsKey("lost"));
    assertThat(thread.get("lost")).startsWith("distlock-listener-");
    assertThatThrownBy(() -> locks.lock("listener").acquire(Duration.ZERO))
        .isInstanceOf(dev.distlock.LeaseLostException.class);
    lease.close();
  }
}
