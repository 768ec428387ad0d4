package dev.distlock.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.Fault;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.SafetyProperty;
import dev.distlock.cluster.Ports;
import dev.distlock.cluster.RedisServer;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract on one real redis-server for the fair queue lock ({@code RedisLocks.fair}). */
class FairRedisContractIT extends TtlLockContractTest {
  private static final Duration WAITER_TIMEOUT = Duration.ofMillis(1500);
  private static RedisServer redis;

  @BeforeAll
  static void startServer() {
    redis = cluster.redis();
  }

  private static RedisNode node(int port) {
    return RedisNode.builder("127.0.0.1", port)
        .requestTimeout(Duration.ofMillis(250))
        .connectTimeout(Duration.ofMillis(250))
        .build();
  }

  @Override
  protected LockClient newClient(LockSettings settings) {
    return RedisLocks.fair(node(redis.port()), settings, WAITER_TIMEOUT);
  }

  @Override
  protected LockClient newUnreachableClient() {
    return RedisLocks.fair(node(Ports.free()), SETTINGS, WAITER_TIMEOUT);
  }

  @Override
  protected void revoke(String lockName, LockClient holder) {
    assertThat(deleteLockKey(lockName, List.of(redis))).isEqualTo(1);
  }

  @Test
  void statesItsGuarantees() {
    try (LockClient c = client()) {
      assertThat(c.guarantees().lockType()).isEqualTo("redis-fair");
      assertThat(c.guarantees().holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.PARTITION)))
          .isTrue();
      assertThat(c.guarantees().holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.CLIENT_PAUSE)))
          .isFalse();
      assertThat(c.guarantees().of(SafetyProperty.MUTUAL_EXCLUSION).tlaSpec())
          .contains("FairQueue");
    }
  }

  @Test
  void aWaiterTimeoutTheHeartbeatCannotKeepIsRejectedBeforeAnyNetworkCall() {
    assertThatThrownBy(() -> RedisLocks.fair(node(redis.port()), SETTINGS, Duration.ofMillis(100)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> RedisLocks.fair(node(redis.port()), SETTINGS, Duration.ofMillis(600)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("third of the waiter timeout");
  }
}
