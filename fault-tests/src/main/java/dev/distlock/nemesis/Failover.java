package dev.distlock.nemesis;

import dev.distlock.Fault;
import dev.distlock.cluster.HarnessException;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.RedisServer;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * Fails a single Redis over to its asynchronous replica, as Sentinel would: the master is lost, the
 * replica is promoted ({@code REPLICAOF NO ONE}) and the service addresses clients use (their
 * Toxiproxy proxies, the {@code fronts}) move to it.
 *
 * <p>The replica replicates through {@code replicationLink}, a proxy to the master. Asynchronous
 * replication acknowledges writes before the replica has them; {@link #lag()} makes that lag
 * deterministic by black-holing the link, so that every write after it is acknowledged by the
 * master and never reaches the replica. {@link #start()} lags (if not yet), kills the master,
 * promotes the replica and points the fronts at it. A failover cannot be undone: {@link #heal()}
 * removes the toxics from the link and restarts the old master (empty, not replicating), so no
 * process stays down; clients stay on the promoted replica.
 */
public final class Failover implements Nemesis {
  private final RedisServer master;
  private final RedisServer replica;
  private final ProxiedEndpoint replicationLink;
  private final List<ProxiedEndpoint> fronts;
  private boolean lagging;

  private Failover(
      RedisServer master,
      RedisServer replica,
      ProxiedEndpoint replicationLink,
      List<ProxiedEndpoint> fronts) {
    this.master = master;
    this.replica = replica;
    this.replicationLink = replicationLink;
    this.fronts = List.copyOf(fronts);
  }

  /**
   * Returns a failover.
   *
   * @param master the master clients use now
   * @param replica its replica, replicating through {@code replicationLink}
   * @param replicationLink the proxy the replica reaches the master through
   * @param fronts the proxies clients reach the master through (one per client); moved to the
   *     replica
   * @return the nemesis, not started
   */
  public static Failover of(
      RedisServer master,
      RedisServer replica,
      ProxiedEndpoint replicationLink,
      List<ProxiedEndpoint> fronts) {
    return new Failover(master, replica, replicationLink, fronts);
  }

  @Override
  public Optional<Fault> fault() {
    return Optional.of(Fault.FAILOVER);
  }

  @Override
  public String describe() {
    return "failover(" + master + " -> " + replica + ")";
  }

  /**
   * Cuts the replication link (black hole): from now on the replica silently falls behind.
   * Idempotent.
   */
  public synchronized void lag() {
    if (!lagging) {
      replicationLink.blackhole();
      lagging = true;
    }
  }

  @Override
  public synchronized void start() {
    lag();
    master.kill();
    replica.promote();
    for (ProxiedEndpoint front : fronts) {
      try {
        front.proxy().setUpstream(replica.host() + ":" + replica.port());
      } catch (IOException e) {
        throw new HarnessException("could not move " + front.name() + " to " + replica, e);
      }
    }
  }

  @Override
  public synchronized void heal() {
    try {
      replicationLink.heal();
      lagging = false;
    } finally {
      if (!master.isAlive()) {
        master.restart();
      }
    }
  }
}
