package dev.distlock.nemesis;

import dev.distlock.Fault;
import dev.distlock.cluster.HarnessException;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.RedisServer;
import java.io.IOException;
import java.util.Optional;

/**
 * Fails a single Redis over to its asynchronous replica, as Sentinel would: the master is lost, the
 * replica is promoted ({@code REPLICAOF NO ONE}) and the service address clients use (a Toxiproxy
 * proxy, {@code front}) moves to it.
 *
 * <p>The replica replicates through {@code replicationLink}, a proxy to the master. Asynchronous
 * replication acknowledges writes before the replica has them; {@link #lag()} makes that lag
 * deterministic by black-holing the link, so that every write after it is acknowledged by the
 * master and never reaches the replica. {@link #start()} lags (if not yet), kills the master,
 * promotes the replica and points {@code front} at it. A failover cannot be undone: {@link #heal()}
 * removes the toxics from the link and restarts the old master (empty, not replicating), so no
 * process stays down; clients stay on the promoted replica.
 */
public final class Failover implements Nemesis {
  private final RedisServer master;
  private final RedisServer replica;
  private final ProxiedEndpoint replicationLink;
  private final ProxiedEndpoint front;

  private Failover(
      RedisServer master,
      RedisServer replica,
      ProxiedEndpoint replicationLink,
      ProxiedEndpoint front) {
    this.master = master;
    this.replica = replica;
    this.replicationLink = replicationLink;
    this.front = front;
  }

  /**
   * Returns a failover.
   *
   * @param master the master clients use now
   * @param replica its replica, replicating through {@code replicationLink}
   * @param replicationLink the proxy the replica reaches the master through
   * @param front the proxy clients reach the master through; moved to the replica
   * @return the nemesis, not started
   */
  public static Failover of(
      RedisServer master,
      RedisServer replica,
      ProxiedEndpoint replicationLink,
      ProxiedEndpoint front) {
    return new Failover(master, replica, replicationLink, front);
  }

  @Override
  public Optional<Fault> fault() {
    return Optional.of(Fault.FAILOVER);
  }

  @Override
  public String describe() {
    return "failover(" + master + " -> " + replica + ")";
  }

  /** Cuts the replication link (black hole): from now on the replica silently falls behind. */
  public synchronized void lag() {
    replicationLink.blackhole();
  }

  @Override
  public synchronized void start() {
    lag();
    master.kill();
    replica.promote();
    try {
      front.proxy().setUpstream(replica.host() + ":" + replica.port());
    } catch (IOException e) {
      throw new HarnessException("could not move " + front.name() + " to " + replica, e);
    }
  }

  @Override
  public synchronized void heal() {
    try {
      replicationLink.heal();
    } finally {
      if (!master.isAlive()) {
        master.restart();
      }
    }
  }
}
