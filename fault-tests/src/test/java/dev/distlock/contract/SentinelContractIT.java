package dev.distlock.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.RedisSentinels;
import dev.distlock.cluster.RedisServer;
import dev.distlock.redis.RedisConnection;
import dev.distlock.redis.RedisLocks;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisSentinelClient;

/**
 * The contract on a Sentinel deployment (master, replica, three sentinels) through the user's own
 * {@link RedisSentinelClient}, release notifications on connections to Sentinel's current master.
 */
class SentinelContractIT extends TtlLockContractTest {
  private static final JedisClientConfig MASTER =
      DefaultJedisClientConfig.builder()
          .connectionTimeoutMillis(250)
          .socketTimeoutMillis(250)
          .build();
  private static RedisSentinels sentinels;
  private static RedisSentinelClient sentineled;

  @BeforeAll
  static void startSentinels() {
    sentinels = cluster.manage(RedisSentinels.builder().logDir(cluster.logDir()).start());
    sentineled =
        RedisSentinelClient.builder()
            .masterName(RedisSentinels.MASTER_NAME)
            .clientConfig(MASTER)
            .sentinels(sentinels.sentinelAddresses())
            .sentinelClientConfig(DefaultJedisClientConfig.builder().build())
            .build();
  }

  @AfterAll
  static void closeClient() {
    if (sentineled != null) {
      sentineled.close();
    }
  }

  static RedisConnection connection() {
    return RedisConnection.of(sentineled)
        .requestTimeout(Duration.ofMillis(250))
        .notifyThrough(() -> new Jedis(sentineled.getCurrentMaster(), MASTER));
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
    RedisServer master = sentinels.nodes().get(sentinels.currentMaster());
    assertThat(deleteLockKey(lockName, List.of(master))).isEqualTo(1);
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

  @Test
  void aKeyPrefixNamespacesTheKeys() {
    String name = uniqueName();
    try (LockClient c = RedisLocks.single(connection().keyPrefix("app1:"), SETTINGS);
        Lease lease = c.lock(name).acquire(Duration.ofSeconds(5))) {
      assertThat(sentineled.exists("app1:{" + name + "}")).isTrue();
      assertThat(sentineled.exists("distlock:{" + name + "}")).isFalse();
      // Another namespace is another lock.
      try (LockClient other = client()) {
        assertThat(other.lock(name).tryAcquire(Duration.ZERO)).isPresent();
      }
    }
  }
}
