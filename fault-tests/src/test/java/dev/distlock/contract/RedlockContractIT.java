package dev.distlock.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.Fault;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.SafetyProperty;
import dev.distlock.cluster.Ports;
import dev.distlock.cluster.RedisServer;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract on Redlock over five real, independent redis-servers. */
class RedlockContractIT extends TtlLockContractTest {
  private static final List<RedisServer> servers = new ArrayList<>();

  @BeforeAll
  static void startServers() {
    servers.clear();
    for (int i = 0; i < 5; i++) {
      servers.add(cluster.redis());
    }
  }

  static RedisNode node(String host, int port) {
    return RedisNode.builder(host, port)
        .requestTimeout(Duration.ofMillis(250))
        .connectTimeout(Duration.ofMillis(250))
        .build();
  }

  @Override
  protected LockClient newClient(LockSettings settings) {
    return RedisLocks.redlock(
        servers.stream().map(s -> node(s.host(), s.port())).toList(), settings);
  }

  @Override
  protected LockClient newUnreachableClient() {
    List<RedisNode> nobody = new ArrayList<>();
    for (int port : Ports.free(5)) { // distinct: one free() after another may repeat a port
      nobody.add(node("127.0.0.1", port));
    }
    return RedisLocks.redlock(nobody, SETTINGS);
  }

  /** Deletes the key on every node: a majority then answers "not yours" to the next renewal. */
  @Override
  protected void revoke(String lockName, LockClient holder) {
    long deleted = deleteLockKey(lockName, servers);
    assertThat(deleted).as("the holder had the key on a majority").isGreaterThanOrEqualTo(3);
  }

  @Test
  void statesItsGuarantees() {
    var g = client().guarantees();
    assertThat(g.lockType()).isEqualTo("redis-redlock");
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, java.util.Set.of(Fault.PARTITION)))
        .isTrue();
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, java.util.Set.of(Fault.CLOCK_JUMP)))
        .isFalse();
    assertThat(g.holds(SafetyProperty.TOKEN_MONOTONIC, java.util.Set.of(Fault.CLOCK_JUMP)))
        .isTrue();
    assertThat(g.of(SafetyProperty.MUTUAL_EXCLUSION).tlaSpec())
        .isEqualTo("Redlock!MutualExclusion");
  }
}
