package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.SetParams;

class ClockShiftIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void keyWithSixtySecondTtlExpiresAfterAJumpOf120SecondsAndNotBefore() {
    RedisServer redis = cluster.redis(b -> b.clockShift(true));
    try (Jedis jedis = redis.client()) {
      jedis.set("lock", "owner", SetParams.setParams().ex(60));

      // Half the TTL forward: the key must survive that, and still be there right before the jump.
      redis.clock().shift(Duration.ofSeconds(30));
      await()
          .during(Duration.ofMillis(300))
          .atMost(Timing.seconds(5))
          .until(() -> jedis.exists("lock"));
      assertThat(jedis.ttl("lock")).isBetween(1L, 31L);
      assertThat(jedis.exists("lock")).isTrue();

      redis.clock().shift(Duration.ofSeconds(90));

      assertThat(redis.clock().offset()).isEqualTo(Duration.ofSeconds(120));
      await().atMost(Timing.seconds(5)).until(() -> !jedis.exists("lock"));
    }
  }

  @Test
  void serverTimeFollowsTheOffsetAndResetRestoresIt() {
    RedisServer redis = cluster.redis(b -> b.clockShift(true));
    try (Jedis jedis = redis.client()) {
      redis.clock().set(Duration.ofHours(-1));
      assertThat(skewSeconds(jedis)).isBetween(-3605L, -3595L);

      redis.clock().reset();
      assertThat(skewSeconds(jedis)).isBetween(-5L, 5L);
    }
  }

  @Test
  void offsetSurvivesARestart() {
    RedisServer redis = cluster.redis(b -> b.clockShift(true));
    redis.clock().set(Duration.ofMinutes(10));

    redis.kill();
    redis.restart();

    try (Jedis jedis = redis.client()) {
      assertThat(skewSeconds(jedis)).isBetween(595L, 605L);
    }
  }

  @Test
  void monotonicShiftStillServesAndExpires() {
    RedisServer redis = cluster.redis(b -> b.monotonicClockShift(true));
    assertThat(redis.clock().shiftsMonotonic()).isTrue();
    try (Jedis jedis = redis.client()) {
      jedis.set("k", "v", SetParams.setParams().ex(60));
      redis.clock().shift(Duration.ofSeconds(120));
      await().atMost(Timing.seconds(5)).until(() -> !jedis.exists("k"));
      assertThat(jedis.ping()).isEqualTo("PONG");
    }
  }

  @Test
  void serverWithoutClockShiftHasNoClock() {
    RedisServer redis = cluster.redis();
    org.assertj.core.api.Assertions.assertThatThrownBy(redis::clock)
        .isInstanceOf(IllegalStateException.class);
  }

  private static long skewSeconds(Jedis jedis) {
    List<String> time = jedis.time();
    return Long.parseLong(time.get(0)) - System.currentTimeMillis() / 1000;
  }
}
