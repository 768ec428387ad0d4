package dev.distlock.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.Fault;
import dev.distlock.Lease;
import dev.distlock.LockBackendException;
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

/** The contract on one real redis-server, with AUTH on (every case authenticates). */
class SingleRedisContractIT extends TtlLockContractTest {
  private static final String PASSWORD = "contract-secret";
  private static RedisServer redis;

  @BeforeAll
  static void startServer() {
    redis =
        cluster.redis(
            b ->
                b.password(PASSWORD)
                    .option("--user", "locker", "on", ">locker-pw", "~distlock:*", "&*", "+@all"));
  }

  static RedisNode node(String password) {
    return RedisNode.builder(redis.host(), redis.port())
        .password(password)
        .requestTimeout(Duration.ofMillis(250))
        .connectTimeout(Duration.ofMillis(250))
        .build();
  }

  @Override
  protected LockClient newClient(LockSettings settings) {
    return RedisLocks.single(node(PASSWORD), settings);
  }

  @Override
  protected LockClient newUnreachableClient() {
    RedisNode nobody =
        RedisNode.builder("127.0.0.1", Ports.free())
            .requestTimeout(Duration.ofMillis(250))
            .connectTimeout(Duration.ofMillis(250))
            .build();
    return RedisLocks.single(nobody, SETTINGS);
  }

  @Override
  protected void revoke(String lockName, LockClient holder) {
    assertThat(deleteLockKey(lockName, List.of(redis))).isEqualTo(1);
  }

  @Test
  void aclUserAuthenticates() {
    RedisNode acl =
        RedisNode.builder(redis.host(), redis.port())
            .user("locker", "locker-pw")
            .requestTimeout(Duration.ofMillis(250))
            .build();
    try (LockClient c = RedisLocks.single(acl, SETTINGS);
        Lease lease = c.lock(uniqueName()).acquire(Duration.ofSeconds(5))) {
      assertThat(lease.fencingToken()).isPositive();
    }
  }

  @Test
  void wrongPasswordIsATypedErrorAndNeverShown() {
    try (LockClient c = RedisLocks.single(node("not-the-password"), SETTINGS)) {
      assertThatThrownBy(() -> c.lock(uniqueName()).acquire(Duration.ofMillis(300)))
          .isInstanceOf(LockBackendException.class)
          .satisfies(e -> assertThat(e.toString()).doesNotContain("not-the-password"));
      assertThat(c.toString()).doesNotContain("not-the-password").doesNotContain(PASSWORD);
    }
  }

  @Test
  void statesItsGuarantees() {
    try (LockClient c = client()) {
      assertThat(c.guarantees().lockType()).isEqualTo("redis-single");
      assertThat(c.guarantees().holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.LATENCY)))
          .isTrue();
      assertThat(c.guarantees().holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.CLIENT_PAUSE)))
          .isFalse();
      assertThat(c.guarantees().holds(SafetyProperty.TOKEN_MONOTONIC, Set.of(Fault.CRASH_RESTART)))
          .isFalse();
    }
  }
}
