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
 * <p>{@link Mode#HOLD}: connections stay open, nothing arrives, and the heal delivers what was held
 * (each side waits for its own timeouts, as in a real partition); for connections that outlive the
 * partition. {@link Mode#BLACKHOLE} holds what is sent and its heal resets the connections: what
 * TCP does to a connection one side gave up on during the partition. The matrix holds the links of
 * sessions that outlive a partition and black-holes those whose clients give up within it ({@code
 * Faults.partitionMode}). {@link Mode#REFUSE} disables the proxies (open connections close, new
 * ones are refused: fast failures). Heal removes every toxic and enables the proxies.
 */
public final class Partition implements Nemesis {
  /** How the links are cut. */
  public enum Mode {
    /** Lossless: {@link ProxiedEndpoint#hold()}, delivered at the heal. */
    HOLD,
    /** Lossy, ends in a reset: {@link ProxiedEndpoint#blackhole()}. */
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
   * @param mode held, black-holed or refused
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
      switch (mode) {
        case HOLD -> link.hold();
        case BLACKHOLE -> link.blackhole();
        case REFUSE -> link.disable();
      }
    }
  }

  @Override
  public synchronized void heal() {
    Heal.all(links, ProxiedEndpoint::heal);
  }
}
