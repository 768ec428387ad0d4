package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.LockSettings;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class RedisNodeTest {

  @Test
  void secretsNeverAppearInToString() {
    RedisNode node = RedisNode.builder("127.0.0.1", 6390).user("app", "s3cr3t-pw").build();
    assertThat(node.toString()).doesNotContain("s3cr3t-pw").contains("password=***", "user=app");
  }

  @Test
  void badAddressesAndTimeoutsAreRejected() {
    assertThatThrownBy(() -> RedisNode.of("", 6379)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisNode.of("h", 0)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisNode.of(null, 1)).isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> RedisNode.builder("h", 1).requestTimeout(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void requestTimeoutMustLeaveRoomForRenewal() {
    RedisNode slow =
        RedisNode.builder("127.0.0.1", 6390).requestTimeout(Duration.ofSeconds(1)).build();
    LockSettings shortTtl = LockSettings.builder().ttl(Duration.ofSeconds(2)).build();
    assertThatThrownBy(() -> RedisLocks.single(slow, shortTtl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renewal interval");
  }
}
