package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

class ZooKeeperIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void standaloneServesClientsAndKeepsDataAcrossACrash() throws Exception {
    ZooKeeperServer zk = cluster.zookeeper();

    assertThat(zk.connectString()).startsWith("127.0.0.1:");
    assertThat(zk.mode()).contains("standalone");
    try (CuratorFramework client = client(zk.connectString())) {
      client.create().forPath("/a", bytes("1"));
    }

    long oldPid = zk.pid();
    zk.kill();
    assertThat(zk.isAlive()).isFalse();
    assertThat(zk.mode()).isEmpty();
    zk.restart();

    assertThat(zk.pid()).isNotEqualTo(oldPid);
    try (CuratorFramework client = client(zk.connectString())) {
      assertThat(client.getData().forPath("/a")).isEqualTo(bytes("1"));
    }
  }

  @Test
  void pausedServerDoesNotAnswerUntilResumed() {
    ZooKeeperServer zk = cluster.zookeeper();

    zk.pause();
    assertThat(zk.mode()).isEmpty();

    zk.resume();
    await().atMost(Timing.seconds(10)).until(() -> zk.mode().isPresent());
  }

  @Test
  void ensembleKeepsQuorumWhenOneMemberDiesAndTheMemberRejoins() throws Exception {
    ZooKeeperEnsemble ensemble = cluster.ensemble(b -> b.size(3));

    assertThat(ensemble.connectString().split(",")).hasSize(3);
    assertThat(ensemble.servers()).extracting(ZooKeeperServer::id).containsExactly(1, 2, 3);
    assertThat(ensemble.servers())
        .filteredOn(s -> s.mode().filter("leader"::equals).isPresent())
        .hasSize(1);
    ZooKeeperServer leader = ensemble.leader().orElseThrow();

    try (CuratorFramework client = client(ensemble.connectString())) {
      client.create().forPath("/before", bytes("x"));

      leader.kill();

      // The other two elect a new leader and go on accepting writes.
      await()
          .atMost(Timing.seconds(30))
          .ignoreExceptions()
          .until(() -> client.create().forPath("/after", bytes("y")) != null);
      assertThat(ensemble.leader()).isPresent().get().isNotSameAs(leader);
    }

    leader.restart();

    assertThat(leader.mode()).contains("follower");
    try (CuratorFramework direct = client(leader.connectString())) {
      direct.sync().forPath("/after");
      assertThat(direct.getData().forPath("/after")).isEqualTo(bytes("y"));
    }
  }

  private static CuratorFramework client(String connectString) throws InterruptedException {
    CuratorFramework client =
        CuratorFrameworkFactory.newClient(connectString, 5_000, 2_000, new RetryNTimes(20, 250));
    client.start();
    if (!client.blockUntilConnected((int) Timing.seconds(15).toMillis(), TimeUnit.MILLISECONDS)) {
      client.close();
      throw new AssertionError("could not connect to " + connectString);
    }
    return client;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
