package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

class RedisSentinelsIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void sentinelsPromoteTheReplicaWhenTheMasterIsPausedAndDemoteItOnResume() {
    RedisSentinels s = cluster.manage(RedisSentinels.builder().logDir(cluster.logDir()).start());
    assertThat(s.currentMaster()).isZero();
    assertThat(s.sentinelAddresses()).hasSize(3);

    s.nodes().get(0).pause();
    s.awaitMaster(1, Duration.ofSeconds(30));
    s.nodes().get(0).resume();

    // Sentinel turns the returning old master into a replica of the new one.
    org.awaitility.Awaitility.await("old master demoted")
        .atMost(Timing.seconds(30))
        .until(() -> s.nodes().get(0).replicationLinkUp());
    assertThat(s.currentMaster()).isEqualTo(1);
  }

  @Test
  void isolatingTheMastersProxyMakesTheSentinelsFailOverAndClientsFollow() {
    RedisSentinels s =
        cluster.manage(
            RedisSentinels.builder()
                .toxiproxy(cluster.toxiproxy())
                .logDir(cluster.logDir())
                .start());
    assertThat(s.announced(0).getPort()).isEqualTo(s.front(0).orElseThrow().port());
    try (Jedis j = new Jedis(s.announced(0))) {
      j.set("k", "v");
    }

    s.front(0).orElseThrow().disable();
    s.awaitMaster(1, Duration.ofSeconds(30));

    // The replica announced its proxy, so the new master's address is a proxy too.
    try (Jedis sentinel = new Jedis(s.sentinelAddresses().iterator().next())) {
      List<String> addr = sentinel.sentinelGetMasterAddrByName(RedisSentinels.MASTER_NAME);
      assertThat(Integer.parseInt(addr.get(1))).isEqualTo(s.front(1).orElseThrow().port());
    }
    try (Jedis j = new Jedis(s.announced(1))) {
      assertThat(j.get("k")).isEqualTo("v");
    }
  }

  @Test
  void closeLeavesNoProcess() {
    RedisSentinels s = RedisSentinels.builder().logDir(cluster.logDir()).start();
    List<ManagedProcess> all = new java.util.ArrayList<>(s.sentinelProcesses());
    s.nodes().forEach(n -> all.add(n.process()));

    s.close();

    assertThat(all).hasSize(5).noneMatch(ManagedProcess::isAlive);
  }
}
