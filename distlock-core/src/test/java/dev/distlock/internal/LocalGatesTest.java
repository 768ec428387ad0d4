package dev.distlock.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.DistributedLock;
import dev.distlock.Lease;
import dev.distlock.LockSettings;
import dev.distlock.spi.LockClients;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The per-client gate: local waiters queue in order, and nothing is left behind. */
class LocalGatesTest {
  private final FakeBackend backend = new FakeBackend();
  private final BackendLockClient client =
      (BackendLockClient)
          LockClients.create(backend, LockSettings.builder().ttl(Duration.ofSeconds(5)).build());
  private final ExecutorService pool = Executors.newFixedThreadPool(2);

  @AfterEach
  void close() {
    pool.shutdownNow();
    client.close();
  }

  @Test
  void localWaitersAreServedInArrivalOrderWithOneBackendAttemptEach() throws Exception {
    DistributedLock lock = client.lock("a");
    Lease held = lock.acquire(Duration.ofSeconds(1));
    List<String> order = new CopyOnWriteArrayList<>();
    Future<?> second = pool.submit(() -> take(lock, "second", order));
    await().atMost(Duration.ofSeconds(5)).until(() -> client.gates().queued("a") == 1);
    Future<?> third = pool.submit(() -> take(lock, "third", order));
    await().atMost(Duration.ofSeconds(5)).until(() -> client.gates().queued("a") == 2);
    int callsBefore = backend.calls.get();
    held.close();
    second.get(5, TimeUnit.SECONDS);
    third.get(5, TimeUnit.SECONDS);
    assertThat(order).containsExactly("second", "third");
    // One release and, per waiter, one acquire and one release: no attempt was wasted.
    assertThat(backend.calls.get() - callsBefore).isEqualTo(5);
    assertThat(client.gates().size()).isZero();
  }

  @Test
  void aLostLeaseHandsTheGateOverWithoutBeingClosed() throws Exception {
    DistributedLock lock = client.lock("a");
    Lease lost = lock.acquire(Duration.ofSeconds(1));
    backend.delete("a");
    await().atMost(Duration.ofSeconds(5)).until(() -> lost.state() == Lease.LeaseState.LOST);
    Lease next = pool.submit(() -> lock.acquire(Duration.ofSeconds(2))).get(5, TimeUnit.SECONDS);
    assertThat(next.fencingToken()).isGreaterThan(lost.fencingToken());
    pool.submit(next::close).get(5, TimeUnit.SECONDS);
    lost.close();
    assertThat(client.gates().size()).isZero();
  }

  @Test
  void timeoutsAndFailuresLeaveNoGateBehind() throws Exception {
    Lease held = client.lock("a").acquire(Duration.ofSeconds(1));
    assertThat(
            pool.submit(() -> client.lock("a").tryAcquire(Duration.ofMillis(50)))
                .get(5, TimeUnit.SECONDS))
        .isEmpty();
    held.close();
    backend.down = true;
    try {
      client.lock("b").tryAcquire(Duration.ofMillis(50));
    } catch (dev.distlock.LockBackendException expected) {
      // the backend is down: a typed error, and the gate is left all the same
    }
    assertThat(client.gates().size()).isZero();
  }

  private static void take(DistributedLock lock, String who, List<String> order) {
    try (Lease lease = lock.acquire(Duration.ofSeconds(5))) {
      order.add(who);
    }
  }
}
