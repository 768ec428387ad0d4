package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The factories reject timeouts that leave a renewal no time to be retried within the validity. */
class TimeoutCheckTest {
  private static final RedisNode NODE =
      RedisNode.builder("127.0.0.1", 1).requestTimeout(Duration.ofMillis(500)).build();

  private static LockSettings renewingAt(long renewMillis) {
    return LockSettings.builder()
        .ttl(Duration.ofSeconds(3))
        .renewInterval(Duration.ofMillis(renewMillis))
        .build();
  }

  @Test
  void aRenewalThatTimesOutMustLeaveTimeToRetryWithinTheValidity() {
    // validity = 3000 - (30 + 2) = 2968 ms; 2500 + 500 = 3000 does not fit.
    LockSettings late = renewingAt(2_500);
    assertThatThrownBy(() -> RedisLocks.single(NODE, late))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renewal interval PT2.5S plus request timeout PT0.5S")
        .hasMessageContaining("validity PT2.968S");
    List<RedisNode> three =
        List.of(NODE, RedisNode.builder("127.0.0.1", 2).build(), RedisNode.builder("h", 3).build());
    assertThatThrownBy(() -> RedisLocks.redlock(three, late))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validity");
    assertThatThrownBy(() -> RedisLocks.dualWrite(three.subList(0, 2), late, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("validity");
  }

  @Test
  void aRenewalThatFitsIsAccepted() {
    // 2400 + 500 = 2900 < 2968 ms.
    assertThatCode(
            () -> {
              try (LockClient c = RedisLocks.single(NODE, renewingAt(2_400))) {
                // built without contacting the node
              }
            })
        .doesNotThrowAnyException();
  }
}
