package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.spi.ReleaseWaiter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * A pub/sub connection that dies without a word — black-holed by Toxiproxy, or its server stopped
 * with SIGSTOP: no error, no messages — is noticed within seconds by the PING deadline; waiters
 * poll meanwhile ({@code reliable()} false) and rely on notifications again once the subscription
 * is re-established.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SilentSubscriptionDeathIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final Duration PING = Duration.ofMillis(200);
  private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(300);

  /** Ping interval + PONG deadline + check period, with room for a loaded machine. */
  private static final Duration NOTICED_WITHIN = Timing.seconds(3);

  private static NodeGroup group(String host, int port) {
    RedisNode node =
        RedisNode.builder(host, port)
            .requestTimeout(REQUEST_TIMEOUT)
            .connectTimeout(REQUEST_TIMEOUT)
            .build();
    return new NodeGroup(List.of(node), KeySpace.DEFAULT, "death-test", PING);
  }

  @Test
  void aBlackHoledSubscriptionIsNoticedAndReestablished() {
    RedisServer redis = cluster.redis();
    ProxiedEndpoint proxy = cluster.toxiproxy().proxy("silent-subscription", redis);
    try (NodeGroup group = group(proxy.host(), proxy.port())) {
      Subscription subscription = group.subscriptions().get(0);
      String name = "silent-1";
      String channel = KeySpace.DEFAULT.releaseChannel(name);
      String probe = "distlock:test-probe"; // a second channel on the same connection
      List<String> heard = new CopyOnWriteArrayList<>();
      try (ReleaseWaiter waiter = group.releases().waiter(name);
          Subscription.Listening listening = subscription.listen(probe, (c, m) -> heard.add(m))) {
        await().atMost(Timing.seconds(5)).until(waiter::reliable);

        proxy.blackhole();
        long start = System.nanoTime();
        await()
            .alias("the dead subscription is noticed")
            .atMost(NOTICED_WITHIN)
            .until(() -> !waiter.reliable() && !subscription.live());
        long noticedMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
        assertThat(subscription.confirmed(channel)).isZero();

        proxy.heal();
        await()
            .alias("re-established after the partition heals")
            .atMost(Timing.seconds(10))
            .until(waiter::reliable);
        publish(redis, probe, "after-heal");
        await().atMost(Timing.seconds(5)).until(() -> heard.contains("after-heal"));
        assertThat(noticedMillis).isLessThan(NOTICED_WITHIN.toMillis());
      }
    } finally {
      proxy.heal();
    }
  }

  @Test
  void aStoppedServerIsNoticedAndTheSubscriptionComesBackAfterIt() {
    RedisServer redis = cluster.redis();
    try (NodeGroup group = group(redis.host(), redis.port());
        ReleaseWaiter waiter = group.releases().waiter("stopped-1")) {
      await().atMost(Timing.seconds(5)).until(waiter::reliable);
      redis.pause();
      try {
        await()
            .alias("a SIGSTOPped server's subscription is noticed")
            .atMost(NOTICED_WITHIN)
            .until(() -> !waiter.reliable());
      } finally {
        redis.resume();
      }
      await().atMost(Timing.seconds(10)).until(waiter::reliable);
    }
  }

  private static void publish(RedisServer redis, String channel, String message) {
    try (Jedis jedis = redis.client()) {
      jedis.publish(channel, message);
    }
  }
}
