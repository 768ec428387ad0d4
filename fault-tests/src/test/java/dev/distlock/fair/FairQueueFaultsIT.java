package dev.distlock.fair;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.client.Backend;
import dev.distlock.client.ClientProcess;
import dev.distlock.client.ClientSpec;
import dev.distlock.client.Reply;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The fair queue must not hang: a head waiter frozen (SIGSTOP of its JVM) or killed (SIGKILL) while
 * queued is evicted within the waiter timeout plus one heartbeat, and a holder killed while holding
 * delays the queue only until its TTL. Waiters that fault run in child JVMs; the waiter that must
 * get through runs here. Each test prints how long the queue stood still.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class FairQueueFaultsIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final Duration WAITER_TIMEOUT = Backend.FAIR_WAITER_TIMEOUT;
  private static final Duration TTL = Duration.ofSeconds(2);

  /** Eviction bound: the timeout, then the next poll of the live waiter (a third of it). */
  private static final Duration EVICTION_BOUND =
      WAITER_TIMEOUT.plus(WAITER_TIMEOUT.dividedBy(3)).plus(Timing.scaled(Duration.ofSeconds(1)));

  private static final AtomicInteger IDS = new AtomicInteger();
  private static RedisServer redis;

  @BeforeAll
  static void startServer() {
    redis = cluster.redis();
  }

  private static LockClient fair() {
    RedisNode node =
        RedisNode.builder(redis.host(), redis.port())
            .requestTimeout(Duration.ofMillis(250))
            .connectTimeout(Duration.ofMillis(250))
            .build();
    return cluster.manage(
        RedisLocks.fair(node, LockSettings.builder().ttl(TTL).build(), WAITER_TIMEOUT));
  }

  private static ClientProcess child() {
    String at = redis.host() + ":" + redis.port();
    ClientSpec spec =
        new ClientSpec(
            Backend.REDIS_FAIR,
            List.of(at),
            TTL,
            true,
            Duration.ofMillis(250),
            Duration.ofSeconds(2),
            at);
    return cluster.manage(ClientProcess.start(IDS.incrementAndGet(), spec, cluster.logDir()));
  }

  private static long queued(String name) {
    try (Jedis j = redis.client()) {
      return j.zcard("distlock:{" + name + "}:queue");
    }
  }

  private static CompletableFuture<Reply> acquireIn(ClientProcess c, String name) {
    return CompletableFuture.supplyAsync(
        () -> c.call("acquire " + name + " 30000", Duration.ofSeconds(60)));
  }

  private static CompletableFuture<Lease> acquireHere(LockClient c, String name) {
    return CompletableFuture.supplyAsync(() -> c.lock(name).acquire(Timing.seconds(30)));
  }

  private static void awaitQueued(String name, long n) {
    await().atMost(Timing.seconds(15)).until(() -> queued(name) == n);
  }

  @Test
  void aPausedHeadWaiterIsEvictedAndRequeuesAtTheTailWhenItWakes() throws Exception {
    String name = "paused-head-" + IDS.incrementAndGet();
    Lease held = fair().lock(name).acquire(Duration.ofSeconds(5));
    ClientProcess head = child();
    CompletableFuture<Reply> headAcquire = acquireIn(head, name);
    awaitQueued(name, 1);
    CompletableFuture<Lease> next = acquireHere(fair(), name);
    awaitQueued(name, 2);

    head.pause();
    long released = System.nanoTime();
    held.close();
    Lease granted = next.get(EVICTION_BOUND.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    Duration stood = Duration.ofNanos(System.nanoTime() - released);
    System.out.println("paused head waiter: the next waiter was granted after " + stood);
    assertThat(stood).isLessThan(EVICTION_BOUND);
    assertThat(headAcquire).isNotDone();

    head.resume();
    long token = granted.fencingToken();
    granted.close();
    Reply late = headAcquire.get(30, TimeUnit.SECONDS);
    assertThat(late).isInstanceOf(Reply.Ok.class);
    assertThat(((Reply.Ok) late).asLong()).as("requeued behind").isGreaterThan(token);
    assertThat(head.call("release " + name, Duration.ofSeconds(5))).isEqualTo(new Reply.Ok(""));
  }

  @Test
  void aHolderKilledWhileHoldingDelaysTheQueueOnlyUntilItsTtl() throws Exception {
    String name = "crashed-holder-" + IDS.incrementAndGet();
    ClientProcess holder = child();
    assertThat(holder.call("acquire " + name + " 5000", Duration.ofSeconds(10)))
        .isInstanceOf(Reply.Ok.class);
    CompletableFuture<Lease> next = acquireHere(fair(), name);
    awaitQueued(name, 1);

    long killed = System.nanoTime();
    holder.process().kill();
    Duration bound =
        TTL.plus(WAITER_TIMEOUT.dividedBy(3)).plus(Timing.scaled(Duration.ofSeconds(1)));
    Lease granted = next.get(bound.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    Duration stood = Duration.ofNanos(System.nanoTime() - killed);
    System.out.println("killed holder: the head waiter was granted after " + stood);
    assertThat(stood).isLessThan(bound);
    granted.close();
    assertThat(queued(name)).isZero();
  }

  @Test
  void aWaiterKilledWhileQueuedIsEvictedAndTheQueueDoesNotHang() throws Exception {
    String name = "killed-waiter-" + IDS.incrementAndGet();
    Lease held = fair().lock(name).acquire(Duration.ofSeconds(5));
    ClientProcess doomed = child();
    CompletableFuture<Reply> doomedAcquire = acquireIn(doomed, name);
    awaitQueued(name, 1);
    CompletableFuture<Lease> next = acquireHere(fair(), name);
    awaitQueued(name, 2);

    doomed.process().kill();
    long released = System.nanoTime();
    held.close();
    Lease granted = next.get(EVICTION_BOUND.toMillis() + 5_000, TimeUnit.MILLISECONDS);
    Duration stood = Duration.ofNanos(System.nanoTime() - released);
    System.out.println("killed queued waiter: the next waiter was granted after " + stood);
    assertThat(stood).isLessThan(EVICTION_BOUND);
    assertThat(doomedAcquire).as("the killed waiter never got it").isNotDone();
    assertThat(doomed.process().isAlive()).isFalse();
    granted.close();
    assertThat(queued(name)).as("the dead waiter left no entry").isZero();
  }
}
