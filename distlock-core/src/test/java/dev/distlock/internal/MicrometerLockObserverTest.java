package dev.distlock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockObserver;
import dev.distlock.LockSettings;
import dev.distlock.micrometer.MicrometerLockObserver;
import dev.distlock.spi.LockClients;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The Micrometer binding's meters move with what the engine does. */
class MicrometerLockObserverTest {
  private final FakeBackend backend = new FakeBackend();
  private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
  private final List<LockClient> clients = new ArrayList<>();

  @AfterEach
  void close() {
    clients.forEach(LockClient::close);
  }

  private LockClient client(LockObserver observer) {
    LockClient c =
        LockClients.create(
            backend, LockSettings.builder().ttl(Duration.ofMillis(300)).observer(observer).build());
    clients.add(c);
    return c;
  }

  private double count(String meter, String... tags) {
    var search = registry.find(meter).tags(tags);
    return search.counters().stream().mapToDouble(c -> c.count()).sum()
        + search.timers().stream().mapToDouble(t -> t.count()).sum();
  }

  @Test
  void acquireContentionRenewalFailureAndLossAreCountedByLockTypeOnly() {
    MicrometerLockObserver observer = MicrometerLockObserver.of(registry);
    LockClient a = client(observer);
    LockClient b = client(observer);

    Lease held = a.lock("order:42").acquire(Duration.ofSeconds(1));
    assertThat(count("distlock.acquire", "lock.type", "fake", "outcome", "acquired")).isEqualTo(1);
    assertThat(count("distlock.acquire.request", "lock.type", "fake")).isEqualTo(1);

    assertThat(b.lock("order:42").tryAcquire(Duration.ofMillis(50))).isEmpty();
    assertThat(count("distlock.acquire", "outcome", "timed_out")).isEqualTo(1);
    assertThat(count("distlock.acquire.contended", "lock.type", "fake")).isEqualTo(1);
    assertThat(
            registry
                .get("distlock.acquire")
                .tag("outcome", "timed_out")
                .timer()
                .totalTime(java.util.concurrent.TimeUnit.MILLISECONDS))
        .isGreaterThanOrEqualTo(40);

    backend.down = true; // renewals fail until the lease runs out
    await().atMost(Duration.ofSeconds(5)).until(() -> count("distlock.leases.lost") == 1);
    assertThat(count("distlock.renewals.failed", "lock.type", "fake")).isPositive();
    assertThat(count("distlock.leases.lost", "reason", "expired")).isEqualTo(1);
    assertThat(held.isValid()).isFalse();

    // The raw lock name never becomes a tag unless asked.
    assertThat(registry.getMeters())
        .flatExtracting(m -> m.getId().getTags())
        .noneMatch(t -> t.getKey().equals("lock.name"));
  }

  @Test
  void lockNamesBecomeTagsOnlyWhenAsked() {
    LockClient c = client(MicrometerLockObserver.of(registry).tagLockNames());
    c.lock("report").acquire(Duration.ofSeconds(1)).close();
    assertThat(count("distlock.acquire", "lock.name", "report")).isEqualTo(1);
  }

  @Test
  void aFailingObserverNeverChangesTheOutcome() {
    LockObserver broken =
        new LockObserver() {
          @Override
          public void acquireEnded(String t, String n, Outcome o, Duration w) {
            throw new IllegalStateException("observer bug");
          }

          @Override
          public void acquireRequest(String t, String n, Duration l) {
            throw new IllegalStateException("observer bug");
          }
        };
    try (Lease lease = client(broken).lock("x").acquire(Duration.ofSeconds(1))) {
      assertThat(lease.isValid()).isTrue();
    }
    assertThat(registry.getMeters()).extracting(Meter::getId).isEmpty();
  }
}
