package dev.distlock.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.Lease;
import dev.distlock.Lease.LossReason;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.Ports;
import dev.distlock.cluster.RedisServer;
import dev.distlock.redis.RedisConnection;
import dev.distlock.redis.RedisLocks;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/** The contract cases that only TTL-based locks (the Redis family) have: expiry and watchdog. */
public abstract class TtlLockContractTest extends LockContractTest {

  /**
   * A single-node lock over a user-supplied pooled client pointing at a free port where nothing
   * listens: every call fails within 250 ms.
   */
  protected static LockClient unreachableSingleOverOwnClient(LockSettings settings) {
    RedisClient nobody =
        RedisClient.builder()
            .hostAndPort(new HostAndPort(Ports.LOOPBACK, Ports.free()))
            .clientConfig(
                DefaultJedisClientConfig.builder()
                    .connectionTimeoutMillis(250)
                    .socketTimeoutMillis(250)
                    .build())
            .build();
    return RedisLocks.single(
        RedisConnection.of(nobody).requestTimeout(Duration.ofMillis(250)), settings);
  }

  /**
   * Deletes the lock's key (the Redis locks' layout, {@code distlock:{name}}) on each server,
   * behind the holder's back.
   *
   * @return how many servers had it
   */
  protected static long deleteLockKey(String lockName, List<RedisServer> servers) {
    long deleted = 0;
    for (RedisServer s : servers) {
      try (Jedis jedis = s.client()) {
        deleted += jedis.del("distlock:{" + lockName + "}");
      }
    }
    return deleted;
  }

  @Test
  void watchdogKeepsTheLeasePastItsTtl() {
    String name = uniqueName();
    LockClient holder = client();
    LockClient other = client();
    try (Lease lease = holder.lock(name).acquire(Duration.ofSeconds(5))) {
      long until = System.nanoTime() + SETTINGS.ttl().multipliedBy(2).toNanos();
      // Poll until two TTLs have passed: the lease must stay valid and exclusive throughout.
      await()
          .atMost(SETTINGS.ttl().multipliedBy(4))
          .pollInterval(Duration.ofMillis(200))
          .until(
              () -> {
                assertThat(lease.isValid()).isTrue();
                assertThat(other.lock(name).tryAcquire(Duration.ZERO)).isEmpty();
                return System.nanoTime() - until > 0;
              });
    }
  }

  @Test
  void withoutWatchdogTheLeaseExpiresAndItsReleaseSparesTheNextHolder() {
    String name = uniqueName();
    LockSettings shortLease =
        SETTINGS.toBuilder().ttl(Duration.ofMillis(600)).watchdog(false).build();
    LockClient first = client(shortLease);
    LockClient second = client(SETTINGS);
    Lease expiring = first.lock(name).acquire(Duration.ofSeconds(5));
    CopyOnWriteArrayList<LossReason> reasons = new CopyOnWriteArrayList<>();
    expiring.onLost(reasons::add);
    Optional<Lease> next = second.lock(name).tryAcquire(Duration.ofSeconds(10));
    assertThat(next).isPresent();
    try (Lease fresh = next.get()) {
      await().atMost(Duration.ofSeconds(5)).until(() -> !reasons.isEmpty());
      assertThat(reasons).containsExactly(LossReason.EXPIRED);
      assertThat(expiring.isValid()).isFalse();
      expiring.close();
      assertThat(client().lock(name).tryAcquire(Duration.ofMillis(200))).isEmpty();
      assertThat(fresh.isValid()).isTrue();
      assertThat(fresh.fencingToken()).isGreaterThan(expiring.fencingToken());
    }
  }
}
