package dev.distlock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.distlock.DistributedLock;
import dev.distlock.Guarantees;
import dev.distlock.Lease;
import dev.distlock.Lease.LossReason;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.spi.AcquireRequest;
import dev.distlock.spi.AcquireResult;
import dev.distlock.spi.LockBackend;
import dev.distlock.spi.LockClients;
import dev.distlock.spi.RenewResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Lock;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Regression tests for the engine hardening of issue #10, each named after the behaviour it pins.
 * Each failed on the engine before the change (see the closing note of #10).
 */
class HardeningTest {
  private final FakeBackend backend = new FakeBackend();
  private final List<LockClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(LockClient::close);
  }

  private LockClient client(LockBackend b, LockSettings settings) {
    LockClient c = LockClients.create(b, settings);
    clients.add(c);
    return c;
  }

  private LockClient client(Duration ttl) {
    return client(backend, LockSettings.builder().ttl(ttl).build());
  }

  // 1. Reentrancy is per (client, lock name, thread), not per lock object.

  @Test
  void aThreadHoldingALockReacquiresItThroughANewLockObjectReentrantly() {
    LockClient locks = client(Duration.ofSeconds(5));
    Lease outer = locks.lock("x").acquire(Duration.ofSeconds(1));
    Lease inner = locks.lock("x").acquire(Duration.ofMillis(200)); // no self-deadlock
    assertThat(inner.fencingToken()).isEqualTo(outer.fencingToken());
    inner.close();
    assertThat(backend.holder("x")).isNotNull(); // still held by the outer view
    outer.close();
    assertThat(backend.holder("x")).isNull();
  }

  @Test
  void asLockOfTheSameLockIsOneStableAdapterAcrossLockObjects() {
    LockClient locks = client(Duration.ofSeconds(5));
    DistributedLock l = locks.lock("x");
    assertThat(l.asLock()).isSameAs(l.asLock());
    l.asLock().lock();
    l.asLock().unlock();
    assertThat(backend.holder("x")).isNull();
    Lock a = locks.lock("x").asLock();
    a.lock();
    locks.lock("x").asLock().unlock(); // another object's adapter of the same name
    assertThat(backend.holder("x")).isNull();
    assertThatThrownBy(() -> locks.lock("x").asLock().unlock())
        .isInstanceOf(IllegalMonitorStateException.class);
  }

  // 2. acquire never returns a lease that has already expired, been released or been lost.

  @Test
  void anAcquisitionSlowerThanItsValidityIsReleasedAndNotHandedOut() {
    AtomicLong offset = new AtomicLong();
    Duration ttl = Duration.ofMillis(500);
    AtomicBoolean first = new AtomicBoolean(true);
    LockBackend slowOnce =
        new Delegating(backend) {
          @Override
          public AcquireResult tryAcquire(AcquireRequest request) {
            AcquireResult r = backend.tryAcquire(request);
            if (first.getAndSet(false)) {
              offset.addAndGet(ttl.toNanos()); // the request took longer than the whole TTL
            }
            return r;
          }
        };
    LockClient locks =
        LockClients.create(
            slowOnce,
            LockSettings.builder().ttl(ttl).build(),
            () -> System.nanoTime() + offset.get());
    clients.add(locks);
    Optional<Lease> once = locks.lock("x").tryAcquire(Duration.ZERO);
    assertThat(once).isEmpty();
    await().atMost(Duration.ofSeconds(2)).until(() -> backend.releasedOwners.size() == 1);
    try (Lease lease = locks.lock("x").acquire(Duration.ofSeconds(1))) {
      assertThat(lease.isValid()).isTrue();
    }
  }

  @Test
  void aLeaseLostDuringTheAcquireIsNotHandedOut() {
    AtomicBoolean first = new AtomicBoolean(true);
    LockBackend losesOnce =
        new Delegating(backend) {
          @Override
          public AcquireResult tryAcquire(AcquireRequest request) {
            AcquireResult r = backend.tryAcquire(request);
            if (first.getAndSet(false)) {
              request.events().lost(LossReason.SESSION_LOST); // before the engine saw the result
            }
            return r;
          }
        };
    LockClient locks = client(losesOnce, LockSettings.builder().ttl(Duration.ofSeconds(5)).build());
    try (Lease lease = locks.lock("x").acquire(Duration.ofSeconds(2))) {
      assertThat(lease.state()).isEqualTo(Lease.LeaseState.HELD);
      assertThat(lease.isValid()).isTrue();
      assertThat(lease.fencingToken()).isEqualTo(2); // the first, lost acquisition was token 1
    }
    assertThat(((BackendLockClient) locks).gates().size()).isZero();
  }

  // 3. Huge waits saturate.

  @Test
  void aWaitBeyondTwentyFourDaysSaturatesInsteadOfOverflowing() {
    LockClient locks = client(Duration.ofSeconds(5));
    for (Duration huge :
        List.of(Duration.ofMillis(Long.MAX_VALUE), Duration.ofDays(25), Duration.ofDays(36500))) {
      try (Lease lease = locks.lock("x").acquire(huge)) {
        assertThat(lease.isValid()).isTrue();
      }
    }
  }

  // 4. The watchdog scales, and lost is final.

  @Test
  void twoHundredLeasesBehindAPartitionAreLostWithinATickOfTheirDeadline() {
    Duration ttl = Duration.ofMillis(600); // renewal every 200 ms, tick 25 ms
    LockClient locks = client(ttl);
    backend.renewHangMillis = 5_000; // every renewal hangs far past the deadline
    int n = 200;
    Map<Integer, Long> deadlines = new ConcurrentHashMap<>();
    Map<Integer, Long> lostAt = new ConcurrentHashMap<>();
    List<Lease> leases = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Lease lease = locks.lock("k" + i).acquire(Duration.ofSeconds(1));
      deadlines.put(i, System.nanoTime() + lease.remainingValidity().toNanos());
      int id = i;
      lease.onLost(r -> lostAt.put(id, System.nanoTime()));
      leases.add(lease);
    }
    await().atMost(Duration.ofSeconds(3)).until(() -> lostAt.size() == n);
    long tick = Duration.ofMillis(25).toNanos();
    long slack = Duration.ofMillis(250).toNanos(); // scheduling on a loaded 2-core machine
    for (int i = 0; i < n; i++) {
      assertThat(lostAt.get(i) - deadlines.get(i)).as("lease %d", i).isLessThan(tick + slack);
      assertThat(leases.get(i).state()).isEqualTo(Lease.LeaseState.LOST);
    }
  }

  @Test
  void aRenewalReplyArrivingAfterTheDeadlineDoesNotReviveTheLease() {
    LockClient locks = client(Duration.ofMillis(300)); // renewal at 100 ms, deadline ~294 ms
    backend.renewHangMillis = 600;
    backend.renewSucceedsAfterHang = true;
    Lease lease = locks.lock("x").acquire(Duration.ofSeconds(1));
    long start = System.nanoTime();
    await().atMost(Duration.ofSeconds(2)).until(() -> lease.state() == Lease.LeaseState.LOST);
    // Past the late reply (100 ms + 600 ms after the acquire) the lease is still lost.
    await()
        .pollDelay(Duration.ofMillis(900))
        .atMost(Duration.ofSeconds(3))
        .until(() -> System.nanoTime() - start > Duration.ofMillis(900).toNanos());
    assertThat(backend.renewals.get()).isPositive();
    assertThat(lease.state()).isEqualTo(Lease.LeaseState.LOST);
    assertThat(lease.isValid()).isFalse();
  }

  // 5. onLost listeners run on distlock threads; a blocking one delays no other lease.

  @Test
  void onLostListenersRunOnDistlockThreadsAndABlockingOneDelaysNoOther() throws Exception {
    LockClient locks = client(Duration.ofSeconds(5));
    Lease a = locks.lock("a").acquire(Duration.ofSeconds(1));
    Lease b = locks.lock("b").acquire(Duration.ofSeconds(1));
    CountDownLatch blocker = new CountDownLatch(1);
    CountDownLatch aStarted = new CountDownLatch(1);
    Map<String, String> threads = new ConcurrentHashMap<>();
    a.onLost(
        r -> {
          threads.put("a", Thread.currentThread().getName());
          aStarted.countDown();
          try {
            blocker.await(); // a listener that blocks
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
          }
        });
    b.onLost(r -> threads.put("b", Thread.currentThread().getName()));
    backend.delete("a");
    assertThat(aStarted.await(3, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    backend.delete("b");
    await().atMost(Duration.ofSeconds(3)).until(() -> threads.containsKey("b"));
    // A listener added to an already lost lease does not run on the caller's thread either.
    String caller = Thread.currentThread().getName();
    b.onLost(r -> threads.put("late", Thread.currentThread().getName()));
    await().atMost(Duration.ofSeconds(3)).until(() -> threads.containsKey("late"));
    blocker.countDown();
    assertThat(threads.values()).allMatch(t -> t.startsWith("distlock-listener-"));
    assertThat(threads.get("late")).isNotEqualTo(caller);
    a.close();
    b.close();
  }

  // 7. A renewal interval that leaves no time to renew before validity ends is rejected.

  @Test
  void aRenewalIntervalThatLeavesNoTimeBeforeTheValidityEndsIsRejected() {
    // TTL 100 ms: drift 3 ms, validity 97 ms; renewing at 98 ms would always be too late.
    assertThatThrownBy(
            () ->
                LockSettings.builder()
                    .ttl(Duration.ofMillis(100))
                    .renewInterval(Duration.ofMillis(98))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validity");
    assertThat(
            LockSettings.builder()
                .ttl(Duration.ofMillis(100))
                .renewInterval(Duration.ofMillis(60))
                .build()
                .renewInterval())
        .isEqualTo(Duration.ofMillis(60));
  }

  /** A backend that forwards everything; tests override one call. */
  private static class Delegating implements LockBackend {
    private final LockBackend d;

    Delegating(LockBackend d) {
      this.d = d;
    }

    @Override
    public String type() {
      return d.type();
    }

    @Override
    public Guarantees guarantees() {
      return d.guarantees();
    }

    @Override
    public AcquireResult tryAcquire(AcquireRequest request) {
      return d.tryAcquire(request);
    }

    @Override
    public RenewResult renew(String name, String owner, long ttlMillis) {
      return d.renew(name, owner, ttlMillis);
    }

    @Override
    public void release(String name, String owner) {
      d.release(name, owner);
    }

    @Override
    public void close() {
      d.close();
    }
  }
}
