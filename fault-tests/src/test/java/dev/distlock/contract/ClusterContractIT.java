package dev.distlock.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.RedisCluster;
import dev.distlock.redis.RedisConnection;
import dev.distlock.redis.RedisLocks;
import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

/**
 * The contract on a Redis Cluster (3 masters, 3 replicas) through the user's own {@link
 * RedisClusterClient}. Release notifications are heard on one node: a {@code PUBLISH} reaches every
 * node of a cluster.
 */
class ClusterContractIT extends TtlLockContractTest {
  private static RedisCluster redisCluster;
  private static RedisClusterClient jedisCluster;

  @BeforeAll
  static void startCluster() {
    redisCluster = cluster.manage(RedisCluster.builder().logDir(cluster.logDir()).start());
    jedisCluster = redisCluster.client(Duration.ofMillis(250));
  }

  @AfterAll
  static void closeClient() {
    if (jedisCluster != null) {
      jedisCluster.close();
    }
  }

  static RedisConnection connection() {
    HostAndPort any = redisCluster.seeds().iterator().next();
    return RedisConnection.of(jedisCluster)
        .requestTimeout(Duration.ofMillis(250))
        .notifyThrough(() -> new Jedis(any.getHost(), any.getPort(), 250));
  }

  @Override
  protected LockClient newClient(LockSettings settings) {
    return RedisLocks.single(connection(), settings);
  }

  @Override
  protected LockClient newUnreachableClient() {
    return unreachableSingleOverOwnClient(SETTINGS);
  }

  @Override
  protected void revoke(String lockName, LockClient holder) {
    assertThat(jedisCluster.del("distlock:{" + lockName + "}")).isEqualTo(1);
  }

  @Test
  void aLocksKeysShareOneSlotAndLocksSpreadOverTheMasters() {
    java.util.Set<Integer> masters = new java.util.HashSet<>();
    for (String name : java.util.List.of("order:1", "order:2", "order:3", "a{b", "x}y", "%7B")) {
      try (LockClient c = client();
          Lease lease = c.lock(name).acquire(Duration.ofSeconds(5))) {
        assertThat(lease.fencingToken()).isPositive();
      }
      String tag = name.replace("%", "%25").replace("{", "%7B").replace("}", "%7D");
      int slot = RedisCluster.slot("distlock:{" + tag + "}");
      assertThat(RedisCluster.slot("distlock:{" + tag + "}:fence")).isEqualTo(slot);
      assertThat(jedisCluster.get("distlock:{" + tag + "}:fence")).isEqualTo("1");
      masters.add(redisCluster.masterOfSlot(slot));
    }
    assertThat(masters).hasSizeGreaterThan(1);
  }

  @Test
  void isLockedTellsWhetherAnyoneHoldsTheLock() {
    String name = uniqueName();
    LockClient a = client();
    LockClient b = client();
    assertThat(b.lock(name).isLocked()).isFalse();
    try (Lease lease = a.lock(name).acquire(Duration.ofSeconds(5))) {
      assertThat(b.lock(name).isLocked()).isTrue();
    }
    assertThat(b.lock(name).isLocked()).isFalse();
  }
}
