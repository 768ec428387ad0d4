package dev.distlock.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.Timing;
import dev.distlock.cluster.ZooKeeperEnsemble;
import dev.distlock.cluster.ZooKeeperServer;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A node↔node partition of ZooKeeper quorum traffic through {@link PeerLinks}. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeerPartitionIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void isolatingAFollowerFromItsPeersCostsItTheQuorumUntilHealed() {
    PeerLinks links = new PeerLinks(cluster.toxiproxy(), "peers");
    ZooKeeperEnsemble ensemble = cluster.ensemble(b -> b.size(3).peerRouter(links));
    ZooKeeperServer leader = ensemble.leader().orElseThrow();
    ZooKeeperServer follower =
        ensemble.servers().stream().filter(s -> s != leader).findFirst().orElseThrow();
    assertThat(links.between(follower.id(), leader.id())).hasSize(2);
    assertThat(links.isolating(follower.id())).hasSize(8);

    try (Partition cut = Partition.of(Partition.Mode.BLACKHOLE, links.isolating(follower.id()))) {
      cut.start();
      await().atMost(Timing.seconds(30)).until(() -> follower.mode().isEmpty());
      assertThat(leader.mode()).contains("leader");
    }
    await().atMost(Timing.seconds(30)).until(() -> follower.mode().isPresent());
    assertThat(follower.mode()).contains("follower");
  }
}
