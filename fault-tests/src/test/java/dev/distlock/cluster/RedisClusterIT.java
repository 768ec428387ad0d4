package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.RedisClusterClient;

class RedisClusterIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void aReplicaTakesOverTheSlotOfAKilledMasterAndClientsFollowThroughTheProxies() {
    RedisCluster c =
        cluster.manage(
            RedisCluster.builder().toxiproxy(cluster.toxiproxy()).logDir(cluster.logDir()).start());
    assertThat(c.nodes()).hasSize(6);
    int slot = RedisCluster.slot("distlock:{hot}");
    assertThat(RedisCluster.slot("distlock:{hot}:fence")).isEqualTo(slot);
    int master = c.masterOfSlot(slot);
    try (RedisClusterClient client = c.client(Duration.ofSeconds(1))) {
      client.set("distlock:{hot}", "a");

      c.nodes().get(master).kill();
      int next = c.awaitFailover(slot, master, Duration.ofSeconds(30));

      assertThat(next).isNotEqualTo(master);
      org.awaitility.Awaitility.await("client follows the new master")
          .atMost(Timing.seconds(20))
          .ignoreExceptions()
          .until(() -> "OK".equals(client.set("distlock:{hot}", "b")));
      assertThat(client.get("distlock:{hot}")).isEqualTo("b");
    }
  }

  @Test
  void closeLeavesNoProcess() {
    RedisCluster c = RedisCluster.builder().logDir(cluster.logDir()).start();
    List<ManagedProcess> all = c.nodes().stream().map(RedisServer::process).toList();

    c.close();

    assertThat(all).hasSize(6).noneMatch(ManagedProcess::isAlive);
  }
}
