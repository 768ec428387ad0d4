package dev.distlock.fair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.check.FifoCheck;
import dev.distlock.check.FifoCheck.Wait;
import dev.distlock.client.Backend;
import dev.distlock.client.ClientProcess;
import dev.distlock.client.ClientSpec;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The fair queue lock on a real redis-server: grants in arrival order among live waiters (checked
 * by {@link FifoCheck} over the recorded waits, and shown failing on the plain, unfair lock), and a
 * queue that moves on when its head waiter is paused (SIGSTOP of its JVM), its holder crashes
 * (SIGKILL) or a queued waiter's JVM is killed — the hang of Redisson's fair lock after a waiter
 * crash (its issues #3004, #6150) must not happen.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FairQueueIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final Duration WAITER_TIMEOUT = Backend.FAIR_WAITER_TIMEOUT;
  private static final LockSettings SETTINGS =
      LockSettings.builder()
          .ttl(Duration.ofSeconds(2))
          .retryDelay(Duration.ofMillis(5), Duration.ofMillis(30))
          .build();
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static RedisServer redis;
  private final List<LockClient> clients = new ArrayList<>();

  @BeforeAll
  static void startServer() {
    redis = cluster.redis();
  }

  @AfterEach
  void closeClients() {
    clients.forEach(LockClient::close);
    clients.clear();
  }

  private static RedisNode node() {
    return RedisNode.builder(redis.host(), redis.port())
        .requestTimeout(Duration.ofMillis(250))
        .connectTimeout(Duration.ofMillis(250))
        .build();
  }

  private LockClient fair() {
    LockClient c = RedisLocks.fair(node(), SETTINGS, WAITER_TIMEOUT);
    clients.add(c);
    return c;
  }

  private LockClient single() {
    LockClient c = RedisLocks.single(node(), SETTINGS);
    clients.add(c);
    return c;
  }

  private static String name() {
    return "fair-" + NAMES.incrementAndGet();
  }

  private static long queued(String name) {
    try (Jedis j = redis.client()) {
      return j.zcard("distlock:{" + name + "}:queue");
    }
  }

  private ClientProcess child(int id, Duration ttl) {
    String at = redis.host() + ":" + redis.port();
    ClientSpec spec =
        new ClientSpec(
            Backend.REDIS_FAIR,
            List.of(at),
            ttl,
            true,
            Duration.ofMillis(250),
            Duration.ofSeconds(2),
            at);
    return cluster.manage(ClientProcess.start(id, spec, cluster.logDir()));
  }

  /**
   * A holder takes the lock; then each waiter starts acquiring once the previous one is known to be
   * queued ({@code knownQueued} waits for that and returns the time); then the holder releases and
   * every waiter holds briefly in turn.
   */
  private List<Wait> queueUp(
      LockClient holder, List<LockClient> waiters, String name, Function<Integer, Long> knownQueued)
      throws Exception {
    Lease held = holder.lock(name).acquire(Duration.ofSeconds(5));
    ExecutorService pool = Executors.newFixedThreadPool(waiters.size());
    List<Future<Wait>> futures = new ArrayList<>();
    try {
      for (int i = 0; i < waiters.size(); i++) {
        LockClient c = waiters.get(i);
        String label = "waiter-" + i;
        long invoked = System.nanoTime();
        CompletableFuture<Long> enqueued = new CompletableFuture<>();
        futures.add(
            pool.submit(
                () -> {
                  try (Lease lease = c.lock(name).acquire(Timing.seconds(30))) {
                    long token = lease.fencingToken();
                    TimeUnit.MILLISECONDS.sleep(20); // the work under the lock
                    return new Wait(label, invoked, enqueued.get(), OptionalLong.of(token), true);
                  }
                }));
        enqueued.complete(knownQueued.apply(i));
      }
      held.close();
      List<Wait> waits = new ArrayList<>();
      for (Future<Wait> f : futures) {
        waits.add(f.get(60, TimeUnit.SECONDS));
      }
      return waits;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void liveWaitersAreGrantedInArrivalOrder() throws Exception {
    String name = name();
    List<LockClient> waiters = List.of(fair(), fair(), fair(), fair(), fair());
    List<Wait> waits =
        queueUp(
            fair(),
            waiters,
            name,
            i -> {
              await().atMost(Timing.seconds(10)).until(() -> queued(name) >= i + 1);
              return System.nanoTime();
            });
    assertThat(FifoCheck.orderedPairs(waits))
        .as("non-trivial: 5 waiters in a known order")
        .isEqualTo(10);
    assertThat(FifoCheck.check(waits)).isEmpty();
    assertThat(queued(name)).isZero();
  }

  /**
   * The wait happens inside one backend call; the lease's validity must start at the grant, not at
   * the call. Otherwise the engine discards the lease as expired at birth and acquires again at the
   * tail of the queue, which costs a token (and the waiter's place).
   */
  @Test
  void aWaiterThatWaitedLongerThanTheTtlGetsAFullLease() throws Exception {
    String name = name();
    Lease held = fair().lock(name).acquire(Duration.ofSeconds(5));
    CompletableFuture<Lease> waiting =
        CompletableFuture.supplyAsync(() -> fair().lock(name).acquire(Timing.seconds(30)));
    await().atMost(Timing.seconds(10)).until(() -> queued(name) == 1);
    // Hold past two TTLs (the watchdog renews), so the waiter waits longer than a TTL.
    await()
        .pollDelay(SETTINGS.ttl().multipliedBy(2))
        .atMost(SETTINGS.ttl().multipliedBy(3))
        .until(held::isValid);
    long heldToken = held.fencingToken();
    held.close();
    try (Lease granted = waiting.get(30, TimeUnit.SECONDS)) {
      assertThat(granted.fencingToken()).as("the first grant was kept").isEqualTo(heldToken + 1);
      assertThat(granted.isValid()).isTrue();
      assertThat(granted.remainingValidity()).isGreaterThan(SETTINGS.ttl().dividedBy(2));
    }
  }

  /** The check can fail: the plain lock lets whoever polls first win. */
  @Test
  void thePlainLockBreaksArrivalOrderAndTheCheckSeesIt() throws Exception {
    List<String> violations = new ArrayList<>();
    for (int round = 0; round < 3 && violations.isEmpty(); round++) {
      List<LockClient> waiters = List.of(single(), single(), single(), single(), single());
      List<Wait> waits =
          queueUp(
              single(),
              waiters,
              name(),
              i -> {
                // No queue to observe: give each waiter time for its first (failed) attempt.
                await().pollDelay(Duration.ofMillis(200)).until(() -> true);
                return System.nanoTime();
              });
      violations.addAll(FifoCheck.check(waits));
    }
    assertThat(violations).isNotEmpty();
  }
}
