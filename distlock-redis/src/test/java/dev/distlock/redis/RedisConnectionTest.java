package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.LockSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.RedisClient;

/** A user's client is checked before any network call. */
class RedisConnectionTest {
  // Lazy: RedisClient connects only when a command runs.
  private final RedisClient unused = RedisClient.create("127.0.0.1", 1);

  @Test
  void badOptionsAreTypedErrors() {
    RedisConnection c = RedisConnection.of(unused);
    assertThatThrownBy(() -> c.keyPrefix("a{b}:")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> c.notifyThrough(null)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RedisConnection.of((RedisClient) null))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(
            () -> RedisConnection.of(RedisNode.of("h", 1)).requestTimeout(Duration.ofSeconds(1)))
        .isInstanceOf(IllegalStateException.class);
  }

  @Test
  void aRequestTimeoutNotShorterThanTheRenewalIsRefused() {
    LockSettings settings = LockSettings.builder().ttl(Duration.ofSeconds(3)).build();
    RedisConnection slow = RedisConnection.of(unused).requestTimeout(Duration.ofSeconds(1));
    assertThatThrownBy(() -> RedisLocks.single(slow, settings))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renewal interval");
  }

  @Test
  void theKeyPrefixNamesKeysAndChannels() {
    KeySpace k = RedisConnection.of(unused).keyPrefix("app1:").keys();
    assertThat(k.lockKey("x")).isEqualTo("app1:{x}");
    assertThat(k.fenceKey("x")).isEqualTo("app1:{x}:fence");
    assertThat(k.releaseChannel("x")).isEqualTo("app1:released:{x}");
    assertThat(RedisConnection.of(unused).toString()).contains("RedisClient");
  }
}
