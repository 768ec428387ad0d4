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
 * partition isolates that member from its peers and from every client, all black-holed: peers give
 * up on each other after syncLimit (2 s), shorter than nearly every window, and clients after two
 * thirds of their session, and close their sockets; TCP would answer what arrives at the heal with
 * a reset, which is what the black hole's heal does. A held peer link would instead queue the
 * leader's pings toward the closed socket, and Toxiproxy, removing the hold, tries each queued
 * chunk for 5 s (Shopify/toxiproxy#558): 40 s and more added to the window ({@link
 * Faults#partitionMode}). A server pause stops it; a crash-restart kills it and starts it again
 * with its data (ZooKeeper logs every transaction before acknowledging it). Latency goes through
 * {@link Faults} unchanged (clients' links to the first members).
 */
final class EnsembleFaults {
  private EnsembleFaults() {}

  static Nemesis build(
      Deployment d, FaultStep step, ClientProcess holderClient, List<Integer> clients) {
    ZooKeeperServer target = target(d.ensemble(), step.round());
    return switch (step.fault()) {
      case PARTITION -> {
        int index = d.ensemble().servers().indexOf(target);
        List<ProxiedEndpoint> clientLinks = new ArrayList<>();
        for (int c : clients) {
          clientLinks.add(d.link(c, index));
        }
        yield isolation(d, target, clientLinks);
      }
      case SERVER_PAUSE -> ProcessPause.zooKeeperServers(List.of(target));
      case CLIENT_PAUSE -> ProcessPause.clients(List.of(holderClient));
      case CRASH_RESTART -> CrashRestart.zooKeeperServers(List.of(target));
      default -> throw new IllegalArgumentException(step.fault() + " does not apply to " + d);
    };
  }

  /**
   * {@code member} cut off from its peers and from the clients whose links are given, all
   * black-holed (see the class comment).
   */
  static Partition isolation(
      Deployment d, ZooKeeperServer member, List<ProxiedEndpoint> clientLinks) {
    List<ProxiedEndpoint> links = new ArrayList<>(d.peerLinks().isolating(member.id()));
    links.addAll(clientLinks);
    return Partition.of(Partition.Mode.BLACKHOLE, links);
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
