package dev.distlock.nemesis;

import dev.distlock.cluster.PeerAddress;
import dev.distlock.cluster.PeerRouter;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.ToxiproxyServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A {@link PeerRouter} that sends every ZooKeeper member's quorum and election traffic to every
 * other member through Toxiproxy proxies of its own, and remembers them, so that a {@link
 * Partition} can cut node↔node links: {@code Partition.of(mode, links.isolating(2))}.
 *
 * <p>Pass it to {@code ZooKeeperEnsemble.builder().peerRouter(...)}; the proxies are created while
 * the ensemble starts. Thread-safe.
 */
public final class PeerLinks implements PeerRouter {
  private final ToxiproxyServer toxiproxy;
  private final String prefix;
  private final Map<String, List<ProxiedEndpoint>> byPair = new TreeMap<>();

  /**
   * Creates a router whose proxies live on {@code toxiproxy}, named {@code <prefix>-<from>-<to>-…}.
   *
   * @param toxiproxy the Toxiproxy server
   * @param prefix a prefix unique on that server
   */
  public PeerLinks(ToxiproxyServer toxiproxy, String prefix) {
    this.toxiproxy = toxiproxy;
    this.prefix = prefix;
  }

  @Override
  public synchronized PeerAddress route(int from, int to, PeerAddress real) {
    String pair = prefix + "-" + from + "-" + to;
    ProxiedEndpoint quorum = toxiproxy.proxy(pair + "-quorum", real.host(), real.quorumPort());
    ProxiedEndpoint election =
        toxiproxy.proxy(pair + "-election", real.host(), real.electionPort());
    byPair.put(from + "-" + to, List.of(quorum, election));
    return new PeerAddress(quorum.host(), quorum.port(), election.port());
  }

  /**
   * Returns the links member {@code from} uses to reach member {@code to}.
   *
   * @param from a ZooKeeper server id (1-based)
   * @param to another member's id
   * @return its quorum and election proxies; empty if the ensemble has no such pair
   */
  public synchronized List<ProxiedEndpoint> between(int from, int to) {
    return byPair.getOrDefault(from + "-" + to, List.of());
  }

  /**
   * Returns every link from or to member {@code id}: cutting them isolates it from its peers (its
   * clients still reach it).
   *
   * @param id a ZooKeeper server id (1-based)
   * @return the proxies
   */
  public synchronized List<ProxiedEndpoint> isolating(int id) {
    List<ProxiedEndpoint> out = new ArrayList<>();
    byPair.forEach(
        (pair, links) -> {
          String[] ends = pair.split("-");
          if (ends[0].equals(Integer.toString(id)) || ends[1].equals(Integer.toString(id))) {
            out.addAll(links);
          }
        });
    return out;
  }
}
