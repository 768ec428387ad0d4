package dev.distlock.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.RedisSentinels;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.redis.RedisConnection;
import dev.distlock.redis.RedisLocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisClientConfig;
import redis.clients.jedis.RedisSentinelClient;

/**
 * The single-Redis lock over Sentinel: when Sentinel itself fails over (the master paused) to a
 * replica that missed the last acquisition, a second client gets the lock while the first still
 * holds a valid lease, with the same token: mutual exclusion and token order break, as {@code
 * SingleRedis_Failover} predicts for a hand-promoted replica. Sentinel decides the failover and the
 * clients follow the master through it; it adds no safety. The control (the replica kept up) shows
 * the same failover without the lag is safe: the lock moved with the data.
 *
 * <p>Clients run in this JVM over {@link RedisSentinelClient}; leases have no watchdog (TTL 15 s)
 * so the first holder's belief lasts across the failover, as a client paused past its renewals
 * would.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SentinelFailoverTargetedIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final JedisClientConfig MASTER =
      DefaultJedisClientConfig.builder()
          .connectionTimeoutMillis(250)
          .socketTimeoutMillis(250)
          .build();
  private static final LockSettings SETTINGS =
      LockSettings.builder().ttl(Duration.ofSeconds(15)).watchdog(false).build();

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeClients() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private LockClient client(RedisSentinels s) {
    RedisSentinelClient js =
        RedisSentinelClient.builder()
            .masterName(RedisSentinels.MASTER_NAME)
            .clientConfig(MASTER)
            .sentinels(s.sentinelAddresses())
            .sentinelClientConfig(DefaultJedisClientConfig.builder().build())
            .build();
    open.add(js);
    LockClient c =
        RedisLocks.single(RedisConnection.of(js).requestTimeout(Duration.ofMillis(250)), SETTINGS);
    open.add(c);
    return c;
  }

  private static String fence(RedisServer server, String name) {
    try (Jedis j = server.client()) {
      return j.get("distlock:{" + name + "}:fence");
    }
  }

  /** Runs the scenario; returns {first holder's lease, second holder's lease or null}. */
  private Lease[] failover(boolean replicaLags) {
    RedisSentinels s =
        cluster.manage(
            RedisSentinels.builder()
                .toxiproxy(cluster.toxiproxy())
                .failoverTimeout(Duration.ofSeconds(60)) // keeps the replication link in use
                .logDir(cluster.logDir())
                .start());
    LockClient a = client(s);
    LockClient b = client(s);
    String name = "hot";
    a.lock(name).acquire(Duration.ofSeconds(5)).close(); // token 1, replicated
    RedisServer replica = s.nodes().get(1);
    await("replica has token 1")
        .atMost(Timing.seconds(10))
        .until(() -> "1".equals(fence(replica, name)));
    if (replicaLags) {
      s.replicationLink().orElseThrow().blackhole();
    }
    Lease first = a.lock(name).acquire(Duration.ofSeconds(5));
    assertThat(first.fencingToken()).isEqualTo(2);
    if (replicaLags) {
      assertThat(fence(replica, name)).isEqualTo("1");
    } else {
      await("replica has token 2")
          .atMost(Timing.seconds(10))
          .until(() -> "2".equals(fence(replica, name)));
    }

    s.nodes().get(0).pause(); // Sentinel, not the test, decides what happens next
    s.awaitMaster(1, Duration.ofSeconds(30));

    Lease second = b.lock(name).tryAcquire(Duration.ofSeconds(replicaLags ? 10 : 2)).orElse(null);
    s.nodes().get(0).resume();
    return new Lease[] {first, second};
  }

  @Test
  void aSentinelFailoverToALaggingReplicaLetsASecondHolderInWithTheSameToken() {
    Lease[] l = failover(true);
    Lease first = l[0];
    Lease second = l[1];
    assertThat(second).as("the second client acquired after the failover").isNotNull();
    // Mutual exclusion: both leases valid at once.
    assertThat(first.isValid()).isTrue();
    assertThat(second.isValid()).isTrue();
    // Token order: the new holder's token is not above the old one (the counter went back to 1).
    assertThat(second.fencingToken()).isLessThanOrEqualTo(first.fencingToken());
  }

  @Test
  void theSameFailoverWithAReplicaThatKeptUpKeepsTheLock() {
    Lease[] l = failover(false);
    assertThat(l[0].isValid()).isTrue();
    assertThat(l[1]).as("the lock moved to the new master with the data").isNull();
  }
}
