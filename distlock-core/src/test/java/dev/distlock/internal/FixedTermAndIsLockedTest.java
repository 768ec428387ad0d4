package dev.distlock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.distlock.Guarantees;
import dev.distlock.Lease;
import dev.distlock.LockBackendException;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** A per-acquire lease time (a fixed term, never renewed) and {@code isLocked()}. */
class FixedTermAndIsLockedTest {
  private final FakeBackend backend = new FakeBackend();
  private final List<LockClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(LockClient::close);
  }

  private LockClient client(LockBackend b) {
    // TTL 3 s renewed every 100 ms: a fixed term of 300 ms would outlive several renewals, each
    // pushing the lease to 3 s, if the watchdog took it.
    LockClient c =
        LockClients.create(
            b,
            LockSettings.builder()
                .ttl(Duration.ofSeconds(3))
                .renewInterval(Duration.ofMillis(100))
                .build());
    clients.add(c);
    return c;
  }

  @Test
  void aFixedTermLeaseIsNeverRenewedAndExpiresAfterItsTerm() {
    LockClient a = client(backend);
    Lease lease = a.lock("job").acquire(Duration.ofSeconds(1), Duration.ofMillis(300));
    assertThat(lease.isValid()).isTrue();
    assertThat(lease.remainingValidity()).isLessThanOrEqualTo(Duration.ofMillis(300));

    await().atMost(Duration.ofSeconds(2)).until(() -> lease.state() == Lease.LeaseState.LOST);
    assertThat(backend.renewals.get()).isZero();
    assertThat(lease.isValid()).isFalse();
    // The backend let it go too: another client takes it at once.
    assertThat(client(backend).lock("job").tryAcquire(Duration.ZERO)).isPresent();
  }

  @Test
  void theDefaultAcquireStillRenewsPastItsTtl() {
    LockClient a = client(backend);
    try (Lease lease = a.lock("job").acquire(Duration.ofSeconds(1))) {
      await().atMost(Duration.ofSeconds(3)).until(() -> backend.renewals.get() > 0);
      assertThat(lease.isValid()).isTrue();
    }
  }

  @Test
  void aLeaseTimeBelowTheMinimumIsRejectedBeforeAnyRequest() {
    LockClient a = client(backend);
    assertThatThrownBy(() -> a.lock("job").acquire(Duration.ofSeconds(1), Duration.ofMillis(10)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("leaseTime");
    assertThatThrownBy(() -> a.lock("job").acquire(Duration.ofSeconds(1), null))
        .isInstanceOf(NullPointerException.class);
    assertThat(backend.calls.get()).isZero();
  }

  @Test
  void aSessionBasedBackendRefusesALeaseTime() {
    LockClient sessions = client(new SessionBackend());
    assertThatThrownBy(
            () -> sessions.lock("job").acquire(Duration.ofSeconds(1), Duration.ofSeconds(5)))
        .isInstanceOf(UnsupportedOperationException.class)
        .hasMessageContaining("session");
  }

  @Test
  void isLockedAsksTheBackend() {
    LockClient a = client(backend);
    LockClient b = client(backend);
    assertThat(b.lock("report").isLocked()).isFalse();
    try (Lease lease = a.lock("report").acquire(Duration.ofSeconds(1))) {
      assertThat(b.lock("report").isLocked()).isTrue();
    }
    assertThat(b.lock("report").isLocked()).isFalse();

    backend.down = true;
    assertThatThrownBy(() -> b.lock("report").isLocked()).isInstanceOf(LockBackendException.class);
    assertThatThrownBy(() -> client(new SessionBackend()).lock("x").isLocked())
        .isInstanceOf(UnsupportedOperationException.class);
  }

  /** A backend whose leases last as long as a session (like ZooKeeper). */
  private static final class SessionBackend implements LockBackend {
    @Override
    public String type() {
      return "session";
    }

    @Override
    public Guarantees guarantees() {
      return new Guarantees("session", List.of());
    }

    @Override
    public AcquireResult tryAcquire(AcquireRequest request) {
      return new AcquireResult.Acquired(1, Long.MAX_VALUE);
    }

    @Override
    public RenewResult renew(String name, String owner, long ttlMillis) {
      throw new AssertionError("never renewed");
    }

    @Override
    public void release(String name, String owner) {}

    @Override
    public boolean renews() {
      return false;
    }

    @Override
    public void close() {}
  }
}
