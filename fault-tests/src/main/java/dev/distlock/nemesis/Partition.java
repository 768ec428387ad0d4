package dev.distlock.nemesis;

import dev.distlock.Fault;
import dev.distlock.cluster.ProxiedEndpoint;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Cuts the network links that run through the given Toxiproxy proxies: client↔node links (a
 * client's own proxy to one node) or node↔node links (a replication link, ZooKeeper quorum traffic
 * routed by a {@link dev.distlock.cluster.PeerRouter}).
 *
 * <p>{@link Mode#HOLD} is the matrix's partition: connections stay open, nothing arrives, and the
 * heal delivers what was held (each side waits for its own timeouts, as in a real partition).
 * {@link Mode#BLACKHOLE} drops what is sent and its heal resets the connections (a partition
 * followed by a drop). {@link Mode#REFUSE} disables the proxies (open connections close, new ones
 * are refused: fast failures). Heal removes every toxic and enables the proxies. One partition may
 * cut different links in different ways ({@link #of(Map)}).
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

  /** One link and how it is cut. */
  private record Cut(ProxiedEndpoint link, Mode mode) {}

  private final List<Cut> cuts;

  private Partition(List<Cut> cuts) {
    this.cuts = List.copyOf(cuts);
  }

  /**
   * Returns a partition of the given links.
   *
   * @param mode held, black-holed or refused
   * @param links the proxies to cut
   * @return the nemesis, not started
   */
  public static Partition of(Mode mode, List<ProxiedEndpoint> links) {
    return new Partition(links.stream().map(l -> new Cut(l, mode)).toList());
  }

  /**
   * Returns a partition that cuts each group of links in its own way, e.g. a member's peer links
   * black-holed and the clients' links to it held.
   *
   * @param links the proxies to cut, by mode (in the map's iteration order)
   * @return the nemesis, not started
   */
  public static Partition of(Map<Mode, List<ProxiedEndpoint>> links) {
    List<Cut> cuts = new ArrayList<>();
    links.forEach((mode, group) -> group.forEach(l -> cuts.add(new Cut(l, mode))));
    return new Partition(cuts);
  }

  @Override
  public Optional<Fault> fault() {
    return Optional.of(Fault.PARTITION);
  }

  @Override
  public String describe() {
    Map<Mode, List<String>> byMode = new LinkedHashMap<>();
    for (Cut c : cuts) {
      byMode.computeIfAbsent(c.mode(), m -> new ArrayList<>()).add(c.link().name());
    }
    return byMode.entrySet().stream()
        .map(
            e ->
                e.getKey().name().toLowerCase(Locale.ROOT) + ": " + String.join(", ", e.getValue()))
        .collect(Collectors.joining("; ", "partition(", ")"));
  }

  @Override
  public synchronized void start() {
    for (Cut c : cuts) {
      switch (c.mode()) {
        case HOLD -> c.link().hold();
        case BLACKHOLE -> c.link().blackhole();
        case REFUSE -> c.link().disable();
      }
    }
  }

  @Override
  public synchronized void heal() {
    Heal.all(cuts.stream().map(Cut::link).toList(), ProxiedEndpoint::heal);
  }
}
