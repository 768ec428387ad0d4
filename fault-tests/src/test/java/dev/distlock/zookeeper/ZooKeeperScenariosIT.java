package dev.distlock.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.Lease;
import dev.distlock.Lease.LossReason;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.ZooKeeperServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The ZooKeeper lock on a real server: waiters are served in the order they queued, a session
 * expiry or a suspended connection reaches the lease, and no node is left behind.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ZooKeeperScenariosIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final int SESSION_MS = 4_000;
  private static final String BASE = "/scenarios";
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static ZooKeeperServer zk;
  private static CuratorFramework observer;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    zk = cluster.zookeeper();
    observer = cluster.manage(curator());
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private static CuratorFramework curator() {
    CuratorFramework c =
        CuratorFrameworkFactory.builder()
            .connectString(zk.connectString())
            .sessionTimeoutMs(SESSION_MS)
            .connectionTimeoutMs(1_000)
            .retryPolicy(new RetryNTimes(2, 100))
            .build();
    c.start();
    return c;
  }

  /** A lock client with its own Curator session; returns the client, keeps both for closing. */
  private Client client() {
    CuratorFramework c = curator();
    closeables.add(c);
    LockClient locks =
        ZooKeeperLocks.create(
            c,
            BASE,
            LockSettings.builder().retryDelay(Duration.ofMillis(5), Duration.ofMillis(20)).build());
    closeables.add(locks);
    return new Client(locks, c);
  }

  record Client(LockClient locks, CuratorFramework curator) {}

  private static String name() {
    return "zk-scenario-" + NAMES.incrementAndGet();
  }

  private static int queueLength(String name) throws Exception {
    String dir = BASE + "/" + name;
    return observer.checkExists().forPath(dir) == null
        ? 0
        : observer.getChildren().forPath(dir).size();
  }

  private static void expireSession(CuratorFramework c) throws Exception {
    Sessions.expire(c, zk.connectString());
  }

  @Test
  void handsOverInQueueOrderWithGrowingTokens() throws Exception {
    String name = name();
    Client holder = client();
    Lease held = holder.locks().lock(name).acquire(Duration.ofSeconds(5));
    List<Integer> order = new CopyOnWriteArrayList<>();
    List<Long> tokens = new CopyOnWriteArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int i = 0; i < 3; i++) {
        int id = i;
        Client waiter = client();
        futures.add(
            pool.submit(
                () -> {
                  try (Lease lease = waiter.locks().lock(name).acquire(Duration.ofSeconds(30))) {
                    order.add(id);
                    tokens.add(lease.fencingToken());
                  }
                  return null;
                }));
        // Queue them one by one, so the arrival order is known.
        int expected = i + 2;
        await().atMost(Duration.ofSeconds(10)).until(() -> queueLength(name) == expected);
      }
      assertThat(order).as("nobody gets in while the lock is held").isEmpty();
      held.close();
      for (Future<?> f : futures) {
        f.get(30, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(order).containsExactly(0, 1, 2);
    assertThat(tokens).isSorted().doesNotHaveDuplicates();
    assertThat(tokens.get(0)).isGreaterThan(held.fencingToken());
    assertThat(queueLength(name)).as("no node left behind").isZero();
  }

  @Test
  void sessionExpiryLosesTheLeaseFiresOnLostAndFreesTheLock() throws Exception {
    String name = name();
    Client holder = client();
    Client next = client();
    Lease lease = holder.locks().lock(name).acquire(Duration.ofSeconds(5));
    List<LossReason> reasons = new CopyOnWriteArrayList<>();
    lease.onLost(reasons::add);
    expireSession(holder.curator());
    await().atMost(Duration.ofSeconds(15)).until(() -> !reasons.isEmpty());
    assertThat(reasons).containsExactly(LossReason.SESSION_LOST);
    assertThat(lease.isValid()).isFalse();
    try (Lease fresh = next.locks().lock(name).acquire(Duration.ofSeconds(10))) {
      assertThat(fresh.fencingToken()).isGreaterThan(lease.fencingToken());
      lease.close(); // deleting a node that is gone: no effect on the new holder
      assertThat(fresh.isValid()).isTrue();
      assertThat(queueLength(name)).isEqualTo(1);
    }
    assertThat(queueLength(name)).isZero();
  }

  @Test
  void aSuspendedConnectionMakesTheLeaseInvalidUntilItReconnects() throws Exception {
    String name = name();
    Client holder = client();
    Lease lease = holder.locks().lock(name).acquire(Duration.ofSeconds(5));
    zk.pause();
    try {
      // Curator suspends after about two thirds of the session timeout without an answer.
      await()
          .atMost(Duration.ofMillis(SESSION_MS))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> lease.state() == Lease.LeaseState.SUSPENDED);
      assertThat(lease.isValid()).isFalse();
    } finally {
      zk.resume();
    }
    await().atMost(Duration.ofSeconds(15)).until(() -> lease.state() == Lease.LeaseState.HELD);
    assertThat(lease.isValid()).isTrue();
    lease.close();
    assertThat(queueLength(name)).isZero();
  }

  @Test
  void leavesNoNodeBehind() throws Exception {
    String name = name();
    Client a = client();
    Client b = client();
    try (Lease held = a.locks().lock(name).acquire(Duration.ofSeconds(5))) {
      assertThat(b.locks().lock(name).tryAcquire(Duration.ofMillis(300))).isEmpty();
      assertThat(b.locks().lock(name).tryAcquire(Duration.ZERO)).isEmpty();
      assertThat(queueLength(name)).as("the waiters removed their nodes").isEqualTo(1);
    }
    assertThat(queueLength(name)).isZero();
    b.locks().lock(name).acquire(Duration.ofSeconds(5));
    b.locks().close(); // closing the client releases what it holds
    assertThat(queueLength(name)).isZero();
  }

  /**
   * An operator (or a buggy tool) deletes the holder's node: the lock is free for the next in line,
   * so the lease is lost with OWNER_CHANGED — whether the node goes at once, before the holder's
   * watch on it is set ({@code ZooKeeperBackend.OWN_WATCH_DELAY} after the acquisition), or later.
   */
  @ParameterizedTest(name = "deleted {0} ms after the acquisition")
  @ValueSource(longs = {0, 500})
  void aLockNodeDeletedBehindTheHoldersBackLosesTheLease(long afterMs) throws Exception {
    String name = name();
    Client holder = client();
    Lease lease = holder.locks().lock(name).acquire(Duration.ofSeconds(5));
    List<LossReason> reasons = new CopyOnWriteArrayList<>();
    lease.onLost(reasons::add);
    if (afterMs > 0) {
      await().pollDelay(Duration.ofMillis(afterMs)).until(() -> true);
    }
    String dir = BASE + "/" + name;
    for (String child : observer.getChildren().forPath(dir)) {
      observer.delete().forPath(dir + "/" + child);
    }
    await().atMost(Duration.ofSeconds(5)).until(() -> !reasons.isEmpty());
    assertThat(reasons).containsExactly(LossReason.OWNER_CHANGED);
    assertThat(lease.isValid()).isFalse();
    lease.close();
  }
}
