package dev.distlock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.distlock.DistributedLock;
import dev.distlock.Lease;
import dev.distlock.Lease.LossReason;
import dev.distlock.LeaseLostException;
import dev.distlock.LockBackendException;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.LockTimeoutException;
import dev.distlock.spi.Drift;
import dev.distlock.spi.LockClients;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The shared engine over an in-memory backend: waiting, renewal, loss, reentrancy. */
class EngineTest {
  private static final Duration TTL = Duration.ofMillis(300);

  private final FakeBackend backend = new FakeBackend();
  private LockClient client = LockClients.create(backend, LockSettings.builder().ttl(TTL).build());

  @AfterEach
  void close() {
    client.close();
  }

  @Test
  void acquireAndReleaseHandsOutIncreasingTokens() {
    DistributedLock lock = client.lock("a");
    long first;
    try (Lease lease = lock.acquire(Duration.ofSeconds(1))) {
      first = lease.fencingToken();
      assertThat(lease.isValid()).isTrue();
      assertThat(lease.lockName()).isEqualTo("a");
      assertThat(backend.holder("a")).isNotNull();
    }
    assertThat(backend.holder("a")).isNull();
    try (Lease lease = lock.acquire(Duration.ofSeconds(1))) {
      assertThat(lease.fencingToken()).isGreaterThan(first);
    }
  }

  @Test
  void busyLockTimesOutWithinTheWait() throws Exception {
    try (Lease held = client.lock("a").acquire(Duration.ofSeconds(1))) {
      Optional<Lease> none =
          CompletableFuture.supplyAsync(() -> client.lock("a").tryAcquire(Duration.ZERO))
              .get(5, TimeUnit.SECONDS);
      assertThat(none).isEmpty();
      long start = System.nanoTime();
      CompletableFuture<Lease> waiting =
          CompletableFuture.supplyAsync(() -> client.lock("a").acquire(Duration.ofMillis(150)));
      assertThatThrownBy(() -> waiting.get(5, TimeUnit.SECONDS))
          .hasCauseInstanceOf(LockTimeoutException.class);
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
      assertThat(held.isValid()).isTrue();
    }
  }

  @Test
  void reentrantAcquireSharesTheLeaseUntilTheOutermostClose() throws Exception {
    DistributedLock lock = client.lock("a");
    Lease outer = lock.acquire(Duration.ofSeconds(1));
    Lease inner = lock.acquire(Duration.ofSeconds(1));
    assertThat(inner.fencingToken()).isEqualTo(outer.fencingToken());
    inner.close();
    assertThat(outer.isValid()).isTrue();
    assertThat(lock.isHeldByCurrentThread()).isTrue();
    assertThat(
            CompletableFuture.supplyAsync(() -> lock.tryAcquire(Duration.ZERO))
                .get(5, TimeUnit.SECONDS))
        .isEmpty();
    outer.close();
    assertThat(lock.isHeldByCurrentThread()).isFalse();
    assertThat(backend.holder("a")).isNull();
  }

  @Test
  void watchdogKeepsTheLeasePastItsTtl() {
    try (Lease lease = client.lock("a").acquire(Duration.ofSeconds(1))) {
      String owner = backend.holder("a");
      await()
          .atMost(Duration.ofSeconds(5))
          .until(() -> backend.renewals.get() >= 4); // four renewals = 400 ms > TTL
      assertThat(lease.isValid()).isTrue();
      assertThat(backend.holder("a")).isEqualTo(owner);
    }
  }

  @Test
  void lossIsSignalledWhenTheEntryIsDeletedBehindTheHoldersBack() {
    Lease lease = client.lock("a").acquire(Duration.ofSeconds(1));
    CopyOnWriteArrayList<LossReason> reasons = new CopyOnWriteArrayList<>();
    lease.onLost(reasons::add);
    backend.delete("a");
    await().atMost(Duration.ofSeconds(2)).until(() -> !reasons.isEmpty());
    assertThat(reasons).containsExactly(LossReason.OWNER_CHANGED);
    assertThat(lease.isValid()).isFalse();
    assertThat(lease.state()).isEqualTo(Lease.LeaseState.LOST);
    // A listener added after the loss runs too, on a listener thread.
    CopyOnWriteArrayList<LossReason> late = new CopyOnWriteArrayList<>();
    lease.onLost(late::add);
    await().atMost(Duration.ofSeconds(2)).until(() -> !late.isEmpty());
    assertThat(late).containsExactly(LossReason.OWNER_CHANGED);
    // The lock is free for others now (this thread closes its lost lease first: reentrancy is per
    // client and thread), and their token is larger.
    lease.close();
    try (Lease next = client.lock("a").acquire(Duration.ofSeconds(1))) {
      assertThat(next.fencingToken()).isGreaterThan(lease.fencingToken());
    }
  }

  @Test
  void reentrantAcquireOnALostLeaseIsRefused() {
    DistributedLock lock = client.lock("a");
    Lease lease = lock.acquire(Duration.ofSeconds(1));
    backend.delete("a");
    await().atMost(Duration.ofSeconds(2)).until(() -> lease.state() == Lease.LeaseState.LOST);
    assertThatThrownBy(() -> lock.acquire(Duration.ZERO)).isInstanceOf(LeaseLostException.class);
    lease.close();
    try (Lease again = lock.acquire(Duration.ofSeconds(1))) {
      assertThat(again.isValid()).isTrue();
    }
  }

  @Test
  void unreachableBackendExpiresTheLeaseAtItsDeadline() {
    Lease lease = client.lock("a").acquire(Duration.ofSeconds(1));
    CopyOnWriteArrayList<LossReason> reasons = new CopyOnWriteArrayList<>();
    lease.onLost(reasons::add);
    backend.down = true;
    await().atMost(Duration.ofSeconds(3)).until(() -> !reasons.isEmpty());
    assertThat(reasons).containsExactly(LossReason.EXPIRED);
    assertThat(lease.remainingValidity()).isLessThanOrEqualTo(Duration.ZERO);
    lease.close(); // best effort on a lost lease: does not throw although the backend is down
  }

  @Test
  void validityIsMeasuredFromBeforeTheRequest() {
    backend.latencyMillis = 100;
    try (Lease lease = client.lock("a").acquire(Duration.ofSeconds(1))) {
      long bound = TTL.toNanos() - Drift.allowanceNanos(TTL) - Duration.ofMillis(100).toNanos();
      assertThat(lease.remainingValidity().toNanos()).isLessThanOrEqualTo(bound);
    }
  }

  @Test
  void unreachableBackendIsATypedErrorWithinTheWait() {
    backend.down = true;
    long start = System.nanoTime();
    assertThatThrownBy(() -> client.lock("a").acquire(Duration.ofMillis(200)))
        .isInstanceOf(LockBackendException.class)
        .hasMessageContaining("'a'");
    assertThatThrownBy(() -> client.lock("a").tryAcquire(Duration.ZERO))
        .isInstanceOf(LockBackendException.class);
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
  }

  @Test
  void anIndeterminateAttemptIsCleanedUp() {
    backend.applyThenTimeout = true;
    assertThatThrownBy(() -> client.lock("a").acquire(Duration.ofMillis(50)))
        .isInstanceOf(LockBackendException.class);
    await().atMost(Duration.ofSeconds(2)).until(() -> backend.holder("a") == null);
    assertThat(backend.releasedOwners).isNotEmpty();
  }

  @Test
  void withoutWatchdogTheLeaseExpires() {
    client.close();
    client =
        LockClients.create(
            backend, LockSettings.builder().ttl(Duration.ofMillis(100)).watchdog(false).build());
    Lease lease = client.lock("a").acquire(Duration.ofSeconds(1));
    CopyOnWriteArrayList<LossReason> reasons = new CopyOnWriteArrayList<>();
    lease.onLost(reasons::add);
    await().atMost(Duration.ofSeconds(2)).until(() -> !reasons.isEmpty());
    assertThat(reasons).containsExactly(LossReason.EXPIRED);
    assertThat(backend.renewals.get()).isZero();
  }

  @Test
  void closingTheClientLosesAndReleasesHeldLeases() {
    Lease lease = client.lock("a").acquire(Duration.ofSeconds(1));
    CopyOnWriteArrayList<LossReason> reasons = new CopyOnWriteArrayList<>();
    lease.onLost(reasons::add);
    client.close();
    await().atMost(Duration.ofSeconds(2)).until(() -> !reasons.isEmpty());
    assertThat(reasons).containsExactly(LossReason.CLIENT_CLOSED);
    assertThat(backend.holder("a")).isNull();
    assertThat(backend.closed).isTrue();
    assertThatThrownBy(() -> client.lock("a")).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void badInputFailsBeforeAnyBackendCall() {
    assertThatThrownBy(() -> client.lock(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> client.lock("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.lock(" \t")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> client.lock("é".repeat(257)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("514 bytes");
    assertThat(client.lock("x".repeat(LockSettings.MAX_NAME_BYTES)).name()).hasSize(512);
    DistributedLock lock = client.lock("a");
    assertThatThrownBy(() -> lock.acquire(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> lock.tryAcquire(null)).isInstanceOf(NullPointerException.class);
    assertThat(backend.calls.get()).isZero();
  }
}
