package dev.distlock.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.distlock.DistributedLock;
import dev.distlock.Lease;
import dev.distlock.Lease.LossReason;
import dev.distlock.LockBackendException;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.LockTimeoutException;
import dev.distlock.cluster.ClusterExtension;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * What every lock promises, checked against real servers. A subclass starts its servers in a
 * {@code @BeforeAll} through {@link #cluster} and says how to make clients and how to take a lock
 * away behind its holder's back. TTL-based locks extend {@link TtlLockContractTest}, which adds the
 * expiry and watchdog cases.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class LockContractTest {

  /** Owns the servers of each test class; nothing survives the class. */
  @RegisterExtension protected static final ClusterExtension cluster = new ClusterExtension();

  /** Short leases so loss and expiry show quickly, long enough for a loaded 2-core machine. */
  protected static final LockSettings SETTINGS =
      LockSettings.builder()
          .ttl(Duration.ofSeconds(2))
          .retryDelay(Duration.ofMillis(5), Duration.ofMillis(30))
          .build();

  private static final AtomicInteger NAMES = new AtomicInteger();
  private final List<LockClient> clients = new ArrayList<>();

  /** A new, independent client of the backend under test. */
  protected abstract LockClient newClient(LockSettings settings);

  /** A client whose backend cannot be reached (nothing listens where it connects). */
  protected abstract LockClient newUnreachableClient();

  /** Makes the backend forget whoever holds {@code lockName} (delete the key, expire a session). */
  protected abstract void revoke(String lockName, LockClient holder);

  /** A client that this suite closes after the test. */
  protected final LockClient client() {
    return client(SETTINGS);
  }

  protected final LockClient client(LockSettings settings) {
    LockClient c = newClient(settings);
    clients.add(c);
    return c;
  }

  /** A lock name no other test uses. */
  protected static String uniqueName() {
    return "contract-" + ProcessHandle.current().pid() + "-" + NAMES.incrementAndGet();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(LockClient::close);
    clients.clear();
  }

  @Test
  void acquireAndRelease() {
    String name = uniqueName();
    LockClient a = client();
    LockClient b = client();
    try (Lease lease = a.lock(name).acquire(Duration.ofSeconds(5))) {
      assertThat(lease.isValid()).isTrue();
      assertThat(lease.lockName()).isEqualTo(name);
      assertThat(lease.remainingValidity()).isPositive();
      assertThat(b.lock(name).tryAcquire(Duration.ZERO)).isEmpty();
    }
    Optional<Lease> next = b.lock(name).tryAcquire(Duration.ofSeconds(5));
    assertThat(next).isPresent();
    next.get().close();
  }

  @Test
  void tryAcquireGivesUpAtItsDeadline() {
    String name = uniqueName();
    LockClient a = client();
    LockClient b = client();
    try (Lease held = a.lock(name).acquire(Duration.ofSeconds(5))) {
      long start = System.nanoTime();
      assertThat(b.lock(name).tryAcquire(Duration.ofMillis(300))).isEmpty();
      Duration took = Duration.ofNanos(System.nanoTime() - start);
      assertThat(took).isBetween(Duration.ofMillis(290), Duration.ofSeconds(5));
      assertThatThrownBy(() -> b.lock(name).acquire(Duration.ofMillis(100)))
          .isInstanceOf(LockTimeoutException.class)
          .hasMessageContaining(name);
      assertThat(held.isValid()).isTrue();
    }
  }

  @Test
  void mutualExclusionBetweenThreadsAndClients() throws Exception {
    String name = uniqueName();
    List<DistributedLock> locks = new ArrayList<>();
    DistributedLock shared = client().lock(name);
    locks.add(shared); // two threads share one lock object: per-thread ownership
    locks.add(shared);
    locks.add(client().lock(name));
    locks.add(client().lock(name));
    AtomicInteger inside = new AtomicInteger();
    AtomicInteger maxInside = new AtomicInteger();
    long[] unsafeCounter = {0}; // incremented without atomics: only the lock protects it
    int rounds = 15;
    ExecutorService pool = Executors.newFixedThreadPool(locks.size());
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (DistributedLock lock : locks) {
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < rounds; i++) {
                    try (Lease lease = lock.acquire(Duration.ofSeconds(20))) {
                      maxInside.accumulateAndGet(inside.incrementAndGet(), Math::max);
                      long v = unsafeCounter[0];
                      Thread.yield();
                      unsafeCounter[0] = v + 1;
                      inside.decrementAndGet();
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(50, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(maxInside.get()).isEqualTo(1);
    assertThat(unsafeCounter[0]).isEqualTo((long) rounds * locks.size());
  }

  @Test
  void reentrantPerThread() throws Exception {
    String name = uniqueName();
    DistributedLock lock = client().lock(name);
    LockClient other = client();
    Lease outer = lock.acquire(Duration.ofSeconds(5));
    Lease inner = lock.acquire(Duration.ZERO);
    assertThat(inner.fencingToken()).isEqualTo(outer.fencingToken());
    inner.close();
    assertThat(lock.isHeldByCurrentThread()).isTrue();
    assertThat(other.lock(name).tryAcquire(Duration.ZERO)).isEmpty();
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try {
      assertThat(pool.submit(() -> lock.tryAcquire(Duration.ZERO)).get(10, TimeUnit.SECONDS))
          .as("another thread with the same lock object is another holder")
          .isEmpty();
    } finally {
      pool.shutdownNow();
    }
    outer.close();
    Optional<Lease> next = other.lock(name).tryAcquire(Duration.ofSeconds(5));
    assertThat(next).isPresent();
    next.get().close();
  }

  @Test
  void tokensStrictlyIncreaseAcrossHolders() {
    String name = uniqueName();
    List<LockClient> both = List.of(client(), client());
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < 12; i++) {
      try (Lease lease = both.get(i % 2).lock(name).acquire(Duration.ofSeconds(5))) {
        assertThat(lease.fencingToken()).isGreaterThan(previous);
        previous = lease.fencingToken();
      }
    }
  }

  @Test
  void lossIsSignalledWhenTheLockIsTakenAway() {
    String name = uniqueName();
    LockClient holder = client();
    Lease lease = holder.lock(name).acquire(Duration.ofSeconds(5));
    CopyOnWriteArrayList<LossReason> reasons = new CopyOnWriteArrayList<>();
    lease.onLost(reasons::add);
    revoke(name, holder);
    await().atMost(Duration.ofSeconds(15)).until(() -> !reasons.isEmpty());
    assertThat(lease.isValid()).isFalse();
    assertThat(lease.state()).isEqualTo(Lease.LeaseState.LOST);
    lease.close();
  }

  @Test
  void releasingAStaleLeaseNeverTouchesTheNewHolder() {
    String name = uniqueName();
    LockClient first = client();
    LockClient second = client();
    Lease stale = first.lock(name).acquire(Duration.ofSeconds(5));
    revoke(name, first);
    try (Lease fresh = second.lock(name).acquire(Duration.ofSeconds(15))) {
      assertThat(fresh.fencingToken()).isGreaterThan(stale.fencingToken());
      stale.close(); // compare-and-delete: must not free the fresh holder's lock
      assertThat(client().lock(name).tryAcquire(Duration.ofMillis(200))).isEmpty();
      assertThat(fresh.isValid()).isTrue();
    }
  }

  @Test
  void badInputFailsFastBeforeAnyNetworkCall() {
    // The unreachable client proves it: a network call would fail with LockBackendException.
    try (LockClient dead = newUnreachableClient()) {
      assertThatThrownBy(() -> dead.lock(null)).isInstanceOf(NullPointerException.class);
      assertThatThrownBy(() -> dead.lock("")).isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> dead.lock("x".repeat(LockSettings.MAX_NAME_BYTES + 1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("bytes");
      DistributedLock lock = dead.lock(uniqueName());
      assertThatThrownBy(() -> lock.acquire(Duration.ofSeconds(-1)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("negative");
      assertThatThrownBy(() -> lock.tryAcquire(null)).isInstanceOf(NullPointerException.class);
    }
  }

  @Test
  void unreachableBackendIsATypedErrorWithinTheWaitAndLeaksNothing() {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    LockClient dead = newUnreachableClient();
    long start = System.nanoTime();
    assertThatThrownBy(() -> dead.lock(uniqueName()).acquire(Duration.ofMillis(500)))
        .isInstanceOf(LockBackendException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    dead.close();
    assertNoNewThreads(before);
  }

  @Test
  void closingTheClientStopsItsThreads() throws Exception {
    Set<Thread> before = Thread.getAllStackTraces().keySet();
    String name = uniqueName();
    LockClient a = newClient(SETTINGS);
    LockClient b = newClient(SETTINGS);
    Lease held = a.lock(name).acquire(Duration.ofSeconds(5));
    // b waits, so it starts whatever it uses to learn of releases.
    assertThat(b.lock(name).tryAcquire(Duration.ofMillis(200))).isEmpty();
    held.close();
    b.lock(name).acquire(Duration.ofSeconds(5)).close();
    a.close();
    b.close();
    assertNoNewThreads(before);
  }

  /** Waits until every thread started since {@code before} has ended (JDK pools excepted). */
  protected static void assertNoNewThreads(Set<Thread> before) {
    await()
        .atMost(Duration.ofSeconds(10))
        .untilAsserted(
            () -> {
              Set<String> leaked =
                  Thread.getAllStackTraces().keySet().stream()
                      .filter(t -> !before.contains(t) && t.isAlive())
                      .map(Thread::getName)
                      .filter(n -> !n.startsWith("ForkJoinPool.commonPool"))
                      .filter(n -> !n.startsWith("awaitility"))
                      .collect(Collectors.toSet());
              assertThat(leaked).as("threads left by the client").isEmpty();
            });
  }
}
