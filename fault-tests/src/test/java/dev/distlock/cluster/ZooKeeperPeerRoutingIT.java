package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The hook for node-to-node partitions: peer traffic through Toxiproxy, then cut. */
class ZooKeeperPeerRoutingIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void ensembleFormsThroughProxiesAndAFollowerCutOffLosesTheQuorumUntilHealed() {
    ToxiproxyServer toxiproxy = cluster.toxiproxy();
    Map<String, ProxiedEndpoint> routes = new ConcurrentHashMap<>();
    ZooKeeperEnsemble ensemble =
        cluster.ensemble(
            b ->
                b.size(3)
                    .peerRouter(
                        (from, to, real) -> {
                          ProxiedEndpoint q =
                              toxiproxy.proxy(
                                  from + "-" + to + "-quorum", real.host(), real.quorumPort());
                          ProxiedEndpoint e =
                              toxiproxy.proxy(
                                  from + "-" + to + "-election", real.host(), real.electionPort());
                          routes.put(from + "-" + to + "-quorum", q);
                          routes.put(from + "-" + to + "-election", e);
                          return new PeerAddress(q.host(), q.port(), e.port());
                        }));
    assertThat(routes).hasSize(12);
    ZooKeeperServer leader = ensemble.leader().orElseThrow();
    ZooKeeperServer follower =
        ensemble.servers().stream().filter(s -> s != leader).findFirst().orElseThrow();

    // Cut every route to and from the follower: it loses the quorum, the other two keep it.
    int cut = follower.id();
    routes.forEach(
        (name, proxy) -> {
          String[] ends = name.split("-");
          if (Integer.parseInt(ends[0]) == cut || Integer.parseInt(ends[1]) == cut) {
            proxy.disable();
          }
        });

    await().atMost(Timing.seconds(30)).until(() -> follower.mode().isEmpty());
    assertThat(leader.mode()).contains("leader");

    toxiproxy.resetAll();

    await().atMost(Timing.seconds(30)).until(() -> follower.mode().isPresent());
    assertThat(follower.mode()).contains("follower");
  }
}
