package dev.distlock.nemesis;

import dev.distlock.Fault;
import dev.distlock.cluster.ProxiedEndpoint;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Cuts the network links that run through the given Toxiproxy proxies: client↔node links (a
 * client's own proxy to one node) or node↔node links (a replication link, ZooKeeper quorum traffic
 * routed by a {@link dev.distlock.cluster.PeerRouter}).
 *
 * <p>{@link Mode#BLACKHOLE} keeps connections open and delivers nothing ({@code timeout} toxics
 * with timeout 0: the peer waits for its own timeouts, as in a real partition); {@link Mode#REFUSE}
 * disables the proxies (open connections close, new ones are refused: fast failures). Heal removes
 * every toxic and enables the proxies.
 */
public final class Partition implements Nemesis {
  /** How the links are cut. */
  public enum Mode {
    /** Toxiproxy {@code timeout} toxic with timeout 0, both directions. */
    BLACKHOLE,
    /** The proxy is disabled. */
    REFUSE
  }

  private final List<ProxiedEndpoint> links;
  private final Mode mode;

  private Partition(List<ProxiedEndpoint> links, Mode mode) {
    this.links = List.copyOf(links);
    this.mode = mode;
  }

  /**
   * Returns a partition of the given links.
   *
   * @param mode black hole or refused
   * @param links the proxies to cut
   * @return the nemesis, not started
   */
  public static Partition of(Mode mode, List<ProxiedEndpoint> links) {
    return new Partition(links, mode);
  }

  @Override
  public Optional<Fault> fault() {
    return Optional.of(Fault.PARTITION);
  }

  @Override
  public String describe() {
    return "partition("
        + mode.name().toLowerCase(java.util.Locale.ROOT)
        + ": "
        + links.stream().map(ProxiedEndpoint::name).collect(Collectors.joining(", "))
        + ")";
  }

  @Override
  public synchronized void start() {
    for (ProxiedEndpoint link : links) {
      if (mode == Mode.BLACKHOLE) {
        link.blackhole();
      } else {
        link.disable();
      }
    }
  }

  @Override
  public synchronized void heal() {
    Heal.all(links, ProxiedEndpoint::heal);
  }
}
