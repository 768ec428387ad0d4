package dev.distlock.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.RedisCluster;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.redis.RedisConnection;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;

/**
 * The single-Redis lock over Redis Cluster: a hot lock lives in one slot, i.e. on one master with
 * an asynchronous replica. When that master crashes while its replica has not received the last
 * acquisition (its link through the master's announced proxy black-holed while the first holder
 * talks to the master directly), the cluster promotes the replica and a second client gets the lock
 * while the first still holds a valid lease, with the same token: the failover cell of the
 * single-Redis model, slot by slot. The control (the replica kept up) is safe.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ClusterFailoverTargetedIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final LockSettings SETTINGS =
      LockSettings.builder().ttl(Duration.ofSeconds(15)).watchdog(false).build();
  private static final String NAME = "hot";

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void closeClients() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  private LockClient client(RedisCluster c) {
    RedisClusterClient jc = c.client(Duration.ofMillis(250));
    open.add(jc);
    LockClient l =
        RedisLocks.single(RedisConnection.of(jc).requestTimeout(Duration.ofMillis(250)), SETTINGS);
    open.add(l);
    return l;
  }

  private static String fenceOnReplica(RedisServer replica) {
    try (Jedis j = replica.client()) {
      j.readonly();
      return j.get("distlock:{" + NAME + "}:fence");
    }
  }

  private Lease[] failover(boolean replicaLags) throws Exception {
    RedisCluster c =
        cluster.manage(
            RedisCluster.builder().toxiproxy(cluster.toxiproxy()).logDir(cluster.logDir()).start());
    int slot = RedisCluster.slot("distlock:{" + NAME + "}");
    int master = c.masterOfSlot(slot);
    RedisServer replica = c.nodes().get(c.replicaOf(master));
    // The first holder talks to the slot's master on its real port; the replica replicates, and
    // the second client connects, through the master's announced proxy.
    RedisServer m = c.nodes().get(master);
    LockClient a =
        RedisLocks.single(
            RedisNode.builder(m.host(), m.port()).requestTimeout(Duration.ofMillis(250)).build(),
            SETTINGS);
    open.add(a);
    LockClient b = client(c);
    a.lock(NAME).acquire(Duration.ofSeconds(5)).close(); // token 1, replicated
    await("replica has token 1")
        .atMost(Timing.seconds(10))
        .until(() -> "1".equals(fenceOnReplica(replica)));
    if (replicaLags) {
      // Held in Toxiproxy, never delivered: the replica misses what follows.
      c.front(master).orElseThrow().blackhole();
    }
    Lease first = a.lock(NAME).acquire(Duration.ofSeconds(5));
    assertThat(first.fencingToken()).isEqualTo(2);
    if (!replicaLags) {
      await("replica has token 2")
          .atMost(Timing.seconds(10))
          .until(() -> "2".equals(fenceOnReplica(replica)));
    }
    m.kill();
    int promoted = c.awaitFailover(slot, master, Duration.ofSeconds(40));
    assertThat(c.nodes().get(promoted)).isSameAs(replica);
    if (replicaLags) {
      assertThat(fenceOnReplica(replica)).isEqualTo("1");
    }

    Lease second = b.lock(NAME).tryAcquire(Duration.ofSeconds(replicaLags ? 10 : 2)).orElse(null);
    return new Lease[] {first, second};
  }

  @Test
  void losingTheHotSlotsMasterBeforeItsReplicaCaughtUpLetsASecondHolderInWithTheSameToken()
      throws Exception {
    Lease[] l = failover(true);
    assertThat(l[1]).as("the second client acquired after the failover").isNotNull();
    assertThat(l[0].isValid()).isTrue();
    assertThat(l[1].isValid()).isTrue();
    assertThat(l[1].fencingToken()).isLessThanOrEqualTo(l[0].fencingToken());
  }

  @Test
  void theSameFailoverWithAReplicaThatKeptUpKeepsTheLock() throws Exception {
    Lease[] l = failover(false);
    assertThat(l[0].isValid()).isTrue();
    assertThat(l[1]).as("the lock moved to the new master with the data").isNull();
  }
}
