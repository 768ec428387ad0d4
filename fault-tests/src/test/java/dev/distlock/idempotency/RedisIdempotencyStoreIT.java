package dev.distlock.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.distlock.LockBackendException;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.Ports;
import dev.distlock.cluster.RedisServer;
import dev.distlock.idempotency.IdempotencyStore.Claim;
import dev.distlock.redis.RedisIdempotencyStore;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/** Each branch of the Redis store's scripts, on a real redis-server. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RedisIdempotencyStoreIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final Duration LEASE = Duration.ofMillis(400);
  private static final Duration KEEP = Duration.ofMinutes(5);
  private static final AtomicInteger IDS = new AtomicInteger();
  private static IdempotencyStore store;

  @BeforeAll
  static void start() {
    RedisServer redis = cluster.redis();
    store =
        RedisIdempotencyStore.create(
            cluster.manage(RedisClient.create(redis.host(), redis.port())), "idem:");
  }

  private static String id() {
    return "r-" + IDS.incrementAndGet();
  }

  @Test
  void claimThenDuplicateThenDone() {
    String id = id();
    assertThat(store.begin(id, "a", LEASE)).isEqualTo(new Claim.Claimed(1));
    assertThat(store.begin(id, "b", LEASE)).isInstanceOf(Claim.Running.class);
    assertThat(store.complete(id, "a", 1, "receipt", KEEP)).contains("receipt");
    assertThat(store.begin(id, "b", LEASE)).isEqualTo(new Claim.Done("receipt"));
    assertThat(store.complete(id, "b", 7, "other", KEEP)).contains("receipt");
  }

  @Test
  void anExpiredClaimIsClaimedAgainWithAHigherFenceAndTheOldOwnerCannotComplete() {
    String id = id();
    assertThat(store.begin(id, "a", LEASE)).isEqualTo(new Claim.Claimed(1));
    await()
        .atMost(Duration.ofSeconds(5))
        .until(() -> store.begin(id, "b", LEASE) instanceof Claim.Claimed);
    assertThat(store.complete(id, "a", 1, "late", KEEP)).isEmpty();
    assertThat(store.complete(id, "b", 2, "fresh", KEEP)).contains("fresh");
  }

  @Test
  void anExpiredClaimNobodyTookCanStillComplete() {
    String id = id();
    assertThat(store.begin(id, "a", LEASE)).isEqualTo(new Claim.Claimed(1));
    await()
        .pollDelay(LEASE.plusMillis(100))
        .atMost(Duration.ofSeconds(5))
        .until(() -> true); // the lease runs out: the fault under test
    assertThat(store.complete(id, "a", 1, "receipt", KEEP)).isEqualTo(Optional.of("receipt"));
    assertThat(store.begin(id, "b", LEASE)).isEqualTo(new Claim.Done("receipt"));
  }

  @Test
  void abandonLetsARetryRunAtOnceButOnlyForItsOwner() {
    String id = id();
    store.begin(id, "a", Duration.ofMinutes(1));
    store.abandon(id, "b");
    assertThat(store.begin(id, "c", LEASE)).isInstanceOf(Claim.Running.class);
    store.abandon(id, "a");
    assertThat(store.begin(id, "c", LEASE)).isEqualTo(new Claim.Claimed(2));
  }

  @Test
  void anUnreachableStoreIsATypedErrorAndBadIdsFailFirst() {
    IdempotencyStore nowhere =
        RedisIdempotencyStore.create(
            cluster.manage(
                RedisClient.builder()
                    .hostAndPort(new HostAndPort("127.0.0.1", Ports.free()))
                    .clientConfig(
                        DefaultJedisClientConfig.builder()
                            .connectionTimeoutMillis(200)
                            .socketTimeoutMillis(200)
                            .build())
                    .build()),
            "idem:");
    assertThatThrownBy(() -> nowhere.begin(id(), "a", LEASE))
        .isInstanceOf(LockBackendException.class);
    assertThatThrownBy(() -> nowhere.begin(" ", "a", LEASE))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> nowhere.begin(id(), "a", Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
