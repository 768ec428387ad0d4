package dev.distlock.nemesis;

import dev.distlock.Fault;
import dev.distlock.cluster.ProxiedEndpoint;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Delays responses: a Toxiproxy {@code latency} toxic downstream (server to client) on each link,
 * {@code delay} ± {@code jitter}. A response delayed past a lease's validity is the "delayed
 * response" fault of the fault model. Heal removes the latency toxics (nothing else).
 */
public final class Latency implements Nemesis {
  private final List<ProxiedEndpoint> links;
  private final Duration delay;
  private final Duration jitter;

  private Latency(List<ProxiedEndpoint> links, Duration delay, Duration jitter) {
    if (delay.isNegative() || jitter.isNegative()) {
      throw new IllegalArgumentException("negative latency: " + delay + " ± " + jitter);
    }
    this.links = List.copyOf(links);
    this.delay = delay;
    this.jitter = jitter;
  }

  /**
   * Returns a latency nemesis.
   *
   * @param delay the added delay
   * @param jitter the random spread around it
   * @param links the proxies whose responses are delayed
   * @return the nemesis, not started
   * @throws IllegalArgumentException if a duration is negative
   */
  public static Latency of(Duration delay, Duration jitter, List<ProxiedEndpoint> links) {
    return new Latency(links, delay, jitter);
  }

  @Override
  public Optional<Fault> fault() {
    return Optional.of(Fault.LATENCY);
  }

  @Override
  public String describe() {
    return "latency("
        + delay.toMillis()
        + "±"
        + jitter.toMillis()
        + " ms: "
        + links.stream().map(ProxiedEndpoint::name).collect(Collectors.joining(", "))
        + ")";
  }

  @Override
  public synchronized void start() {
    for (ProxiedEndpoint link : links) {
      link.latency(delay, jitter);
    }
  }

  @Override
  public synchronized void heal() {
    // Only the latency: an aimed start slows links, starts its fault on the same links and then
    // heals the slowing; healing every toxic there would heal the fault too (it did: aimed
    // partitions lasted ~10 ms in the first soak).
    Heal.all(links, ProxiedEndpoint::removeLatency);
  }
}
