package dev.distlock.matrix;

import dev.distlock.client.ClientProcess;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.ZooKeeperEnsemble;
import dev.distlock.cluster.ZooKeeperServer;
import dev.distlock.generator.FaultStep;
import dev.distlock.nemesis.CrashRestart;
import dev.distlock.nemesis.Nemesis;
import dev.distlock.nemesis.Partition;
import dev.distlock.nemesis.ProcessPause;
import dev.distlock.workload.Deployment;
import java.util.ArrayList;
import java.util.List;

/**
 * The faults of the {@code zookeeper-ensemble} row. Each step hits one member: the leader in
 * even-numbered rounds, a follower in odd ones, so a plan with two steps usually sees both. A
 * partition isolates that member from its peers and from every client (black hole on its peer links
 * and on each client's link to it); a server pause stops it; a crash-restart kills it and starts it
 * again with its data (ZooKeeper logs every transaction before acknowledging it). Latency goes
 * through {@link Faults} unchanged (clients' links to the first members).
 */
final class EnsembleFaults {
  private EnsembleFaults() {}

  static Nemesis build(
      Deployment d, FaultStep step, ClientProcess holderClient, List<Integer> clients) {
    ZooKeeperServer target = target(d.ensemble(), step.round());
    return switch (step.fault()) {
      case PARTITION -> {
        List<ProxiedEndpoint> links = new ArrayList<>(d.peerLinks().isolating(target.id()));
        int index = d.ensemble().servers().indexOf(target);
        for (int c : clients) {
          links.add(d.link(c, index));
        }
        yield Partition.of(Partition.Mode.HOLD, links);
      }
      case SERVER_PAUSE -> ProcessPause.zooKeeperServers(List.of(target));
      case CLIENT_PAUSE -> ProcessPause.clients(List.of(holderClient));
      case CRASH_RESTART -> CrashRestart.zooKeeperServers(List.of(target));
      default -> throw new IllegalArgumentException(step.fault() + " does not apply to " + d);
    };
  }

  /** The leader in even rounds, otherwise the first follower; the first member if none leads. */
  static ZooKeeperServer target(ZooKeeperEnsemble ensemble, int round) {
    java.util.Optional<ZooKeeperServer> leader = ensemble.leader();
    if (round % 2 == 0) {
      return leader.orElse(ensemble.server(0));
    }
    return ensemble.servers().stream()
        .filter(s -> leader.map(l -> l != s).orElse(true))
        .findFirst()
        .orElseThrow();
  }
}
