package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.spi.ReleaseWaiter;
import java.lang.reflect.Field;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.JedisPubSubBase;

/**
 * The subscription's heartbeat leaves nothing behind in the client. In Jedis after 5.2, {@code
 * JedisPubSub.ping()} files a reply handler in a queue that only a plain {@code +PONG} drains; on a
 * RESP2 connection in subscribed mode Redis answers {@code ["pong", ""]}, which Jedis hands to
 * {@code onPong} without touching the queue. A connection pinged every second for weeks would grow
 * that queue by one entry per ping (about 2 MB a day per node), so distlock must not heartbeat with
 * {@code ping()}.
 *
 * <p>The check reads Jedis' private queue on purpose: nothing else shows the growth in a short
 * test. If Jedis renames it, this test says so rather than passing silently.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SubscriptionHeartbeatIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void heartbeatsLeaveNoPendingReplyHandlersInJedis() throws Exception {
    RedisServer redis = cluster.redis();
    RedisNode node =
        RedisNode.builder(redis.host(), redis.port())
            .requestTimeout(Duration.ofMillis(500))
            .connectTimeout(Duration.ofMillis(500))
            .build();
    try (NodeGroup group =
            new NodeGroup(List.of(node), KeySpace.DEFAULT, "heartbeat-test", Duration.ofMillis(5));
        ReleaseWaiter waiter = group.releases().waiter("heartbeat-1")) {
      Subscription subscription = group.subscriptions().get(0);
      await().atMost(Timing.seconds(5)).until(waiter::reliable);
      long before = subscription.heartbeats();
      await()
          .alias("at least 50 heartbeats answered")
          .atMost(Timing.seconds(20))
          .until(() -> subscription.heartbeats() - before >= 50);

      assertThat(subscription.live()).isTrue();
      assertThat(pendingReplyHandlers(subscription))
          .as("reply handlers Jedis still holds for this connection")
          .isLessThanOrEqualTo(1);
    }
  }

  /** The size of the live session's {@code JedisSafeAuthenticator.resultHandler} queue. */
  private static int pendingReplyHandlers(Subscription subscription) throws Exception {
    Object session;
    synchronized (subscription) {
      session = field(Subscription.class, "session").get(subscription);
    }
    assertThat(session).as("a live session").isNotNull();
    Object authenticator = field(JedisPubSubBase.class, "authenticator").get(session);
    Object queue = field(authenticator.getClass(), "resultHandler").get(authenticator);
    return ((Collection<?>) queue).size();
  }

  private static Field field(Class<?> type, String name) {
    for (Class<?> c = type; c != null; c = c.getSuperclass()) {
      try {
        Field f = c.getDeclaredField(name);
        f.setAccessible(true);
        return f;
      } catch (NoSuchFieldException e) {
        // look in the superclass
      }
    }
    throw new AssertionError(
        type.getName()
            + "."
            + name
            + " is gone: check whether JedisPubSub.ping() still queues a reply handler");
  }
}
