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
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract on the dual-write group over two real redis-servers. */
class DualWriteContractIT extends TtlLockContractTest {
  private static RedisServer a;
  private static RedisServer b;

  @BeforeAll
  static void startServers() {
    a = cluster.redis();
    b = cluster.redis();
  }

  static RedisNode node(String host, int port) {
    return RedisNode.builder(host, port)
        .requestTimeout(Duration.ofMillis(250))
        .connectTimeout(Duration.ofMillis(250))
        .build();
  }

  @Override
  protected LockClient newClient(LockSettings settings) {
    return RedisLocks.dualWrite(
        List.of(node(a.host(), a.port()), node(b.host(), b.port())),
        settings,
        Duration.ofMillis(200));
  }

  @Override
  protected LockClient newUnreachableClient() {
    return RedisLocks.dualWrite(
        List.of(node("127.0.0.1", Ports.free()), node("127.0.0.1", Ports.free())),
        SETTINGS,
        Duration.ofMillis(200));
  }

  /** Deletes the key on both nodes: the next renewal hears "not yours" everywhere. */
  @Override
  protected void revoke(String lockName, LockClient holder) {
    long deleted = deleteLockKey(lockName, List.of(a, b));
    assertThat(deleted).as("the holder wrote to both nodes").isEqualTo(2);
  }

  @Test
  void statesWhatItDoesNotPromise() {
    var g = client().guarantees();
    assertThat(g.lockType()).isEqualTo("redis-dual-write");
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.PARTITION))).isFalse();
    // One node paused or slower than the request timeout, then the other:
    // DualWrite_SuccessiveOutages.
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.LATENCY))).isFalse();
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.SERVER_PAUSE))).isFalse();
    assertThat(g.holds(SafetyProperty.TOKEN_MONOTONIC, Set.of(Fault.SERVER_PAUSE))).isFalse();
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of())).isTrue();
    assertThat(g.of(SafetyProperty.MUTUAL_EXCLUSION).tlaSpec())
        .isEqualTo("DualWrite!MutualExclusion");
  }
}
