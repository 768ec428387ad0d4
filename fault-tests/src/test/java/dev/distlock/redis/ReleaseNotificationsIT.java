package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.spi.LockClients;
import dev.distlock.spi.ReleaseWaiter;
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
import redis.clients.jedis.args.ClientType;

/**
 * Release notifications on real redis-servers: a client hears the releases of the lock names it
 * waits for and no others, a waiter is still woken by the release, and one client keeps one pub/sub
 * connection per node for everything it listens to. In this package to read the listener's count of
 * received messages.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ReleaseNotificationsIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  /** Polling this slow would make a wake-up by polling visibly late. */
  private static final LockSettings SLOW_POLLING =
      LockSettings.builder()
          .ttl(Duration.ofSeconds(10))
          .retryDelay(Duration.ofSeconds(3), Duration.ofSeconds(3))
          .build();

  private static final AtomicInteger NAMES = new AtomicInteger();
  private static RedisServer a;
  private static RedisServer b;

  @BeforeAll
  static void startServers() {
    a = cluster.redis();
    b = cluster.redis();
  }

  private static RedisNode node(RedisServer s) {
    return RedisNode.builder(s.host(), s.port())
        .requestTimeout(Duration.ofMillis(500))
        .connectTimeout(Duration.ofMillis(500))
        .build();
  }

  private static String name(String what) {
    return what + "-" + NAMES.incrementAndGet();
  }

  private static long subscribers(RedisServer s, String channel) {
    try (Jedis jedis = s.client()) {
      return jedis.pubsubNumSub(channel).getOrDefault(channel, 0L);
    }
  }

  private static long pubSubConnections(RedisServer s) {
    try (Jedis jedis = s.client()) {
      return jedis
          .clientList(ClientType.PUBSUB)
          .lines()
          .filter(l -> l.contains("name=distlock "))
          .count();
    }
  }

  @Test
  void aClientWithoutWaitersForANameHearsNoneOfItsReleases() throws Exception {
    SingleRedisBackend backend = new SingleRedisBackend(node(a), KeySpace.DEFAULT);
    try (LockClient waiter = LockClients.create(backend, SLOW_POLLING);
        LockClient other = RedisLocks.single(node(a), SLOW_POLLING)) {
      // The waiter waits for one name once, so its subscription is up.
      String waited = name("waited");
      String channel = KeySpace.DEFAULT.releaseChannel(waited);
      try (Lease held = other.lock(waited).acquire(Duration.ofSeconds(5))) {
        assertThat(waiter.lock(waited).tryAcquire(Duration.ofMillis(300))).isEmpty();
        await()
            .alias("unsubscribed from " + channel + " once its last waiter left")
            .atMost(Timing.seconds(5))
            .until(() -> subscribers(a, channel) == 0);
      }

      // Another client's releases of names nobody waits for, and of the name waited for before.
      for (int i = 0; i < 20; i++) {
        other.lock(name("unrelated")).acquire(Duration.ofSeconds(5)).close();
      }
      other.lock(waited).acquire(Duration.ofSeconds(5)).close();

      // A release the waiter does wait for comes down the same connection after all of those.
      String wanted = name("wanted");
      Lease held = other.lock(wanted).acquire(Duration.ofSeconds(5));
      CompletableFuture<Lease> woken =
          CompletableFuture.supplyAsync(() -> waiter.lock(wanted).acquire(Duration.ofSeconds(20)));
      await()
          .atMost(Timing.seconds(5))
          .until(() -> subscribers(a, KeySpace.DEFAULT.releaseChannel(wanted)) == 1);
      long released = System.nanoTime();
      held.close();
      try (Lease lease = woken.get(Timing.seconds(10).toMillis(), TimeUnit.MILLISECONDS)) {
        long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - released);
        assertThat(tookMillis)
            .as("woken by the notification, not by a 3 s poll or the 1 s re-check")
            .isLessThan(Timing.scaled(Duration.ofMillis(700)).toMillis());
        assertThat(lease.isValid()).isTrue();
      }
      assertThat(backend.nodes().releases().heard())
          .as("release messages received: only the one waited for")
          .isEqualTo(1);
    }
  }

  @Test
  void aDualWriteClientKeepsOnePubSubConnectionPerNode() {
    DualWriteBackend backend =
        new DualWriteBackend(List.of(node(a), node(b)), KeySpace.DEFAULT, Duration.ofSeconds(1));
    String name = name("dual");
    String releases = KeySpace.DEFAULT.releaseChannel(name);
    try (LockClient client = LockClients.create(backend, SLOW_POLLING);
        ReleaseWaiter waiter = backend.waiter(name)) {
      for (RedisServer s : List.of(a, b)) {
        await()
            .alias("announcements and releases subscribed on " + s)
            .atMost(Timing.seconds(5))
            .until(() -> subscribers(s, "distlock:nodes") == 1 && subscribers(s, releases) == 1);
        // A closed client of an earlier test may linger in the list for a moment: wait it out.
        await()
            .alias("one pub/sub connection of the one client on " + s)
            .atMost(Timing.seconds(5))
            .until(() -> pubSubConnections(s) == 1);
      }
      assertThat(waiter.reliable()).isTrue();
    }
  }
}
