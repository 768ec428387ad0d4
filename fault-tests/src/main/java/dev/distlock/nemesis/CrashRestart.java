package dev.distlock.nemesis;

import dev.distlock.Fault;
import dev.distlock.cluster.DatabaseServer;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.ZooKeeperServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Crashes servers with SIGKILL and restarts them on the same port with the same data directory.
 * Whether data survive is the server's setting: a redis-server without persistence (the harness
 * default) loses every key, including lock entries and fencing counters; with {@code
 * persistent(true)} ({@code appendfsync always}), the control, every acknowledged write survives. A
 * database server keeps every committed row and recovers from its log, but every client connection
 * (and with it every open transaction and row lock) is gone. A ZooKeeper ensemble member always
 * keeps what it acknowledged (it logs each transaction before the ack), so lock nodes and czxid
 * tokens survive. {@link #start()} returns once every redis-server and database answers again and
 * every ZooKeeper member is launched (it serves once it rejoined a quorum); {@link #heal()}
 * restarts any server that is still down and waits until each ZooKeeper member serves.
 */
public final class CrashRestart implements Nemesis {
  /** One server's verbs. */
  private record Target(String name, Runnable kill, Runnable restart, BooleanSupplier alive) {}

  private final List<Target> servers;
  private final List<ZooKeeperServer> awaitServing;

  private CrashRestart(List<Target> servers, List<ZooKeeperServer> awaitServing) {
    this.servers = List.copyOf(servers);
    this.awaitServing = List.copyOf(awaitServing);
  }

  /**
   * Returns a crash-restart of redis servers.
   *
   * @param servers the servers
   * @return the nemesis, not started
   */
  public static CrashRestart of(List<RedisServer> servers) {
    List<Target> t = new ArrayList<>();
    servers.forEach(s -> t.add(new Target(s.toString(), s::kill, s::restart, s::isAlive)));
    return new CrashRestart(t, List.of());
  }

  /**
   * Returns a crash-restart of database servers.
   *
   * @param servers the servers
   * @return the nemesis, not started
   */
  public static CrashRestart databases(List<? extends DatabaseServer> servers) {
    List<Target> t = new ArrayList<>();
    servers.forEach(s -> t.add(new Target(s.toString(), s::kill, s::restart, s::isAlive)));
    return new CrashRestart(t, List.of());
  }

  /**
   * Returns a crash-restart of ZooKeeper ensemble members.
   *
   * @param servers the members
   * @return the nemesis, not started
   */
  public static CrashRestart zooKeeperServers(List<ZooKeeperServer> servers) {
    List<Target> t = new ArrayList<>();
    for (ZooKeeperServer s : servers) {
      t.add(new Target(s.toString(), s::kill, s::restartNoWait, s::isAlive));
    }
    return new CrashRestart(t, servers);
  }

  @Override
  public Optional<Fault> fault() {
    return Optional.of(Fault.CRASH_RESTART);
  }

  @Override
  public String describe() {
    return "crash-restart("
        + servers.stream().map(Target::name).collect(Collectors.joining(", "))
        + ")";
  }

  @Override
  public synchronized void start() {
    for (Target s : servers) {
      s.kill().run();
      s.restart().run();
    }
  }

  @Override
  public synchronized void heal() {
    Heal.all(
        servers,
        s -> {
          if (!s.alive().getAsBoolean()) {
            s.restart().run();
          }
        });
    Heal.all(awaitServing, z -> z.awaitServing(dev.distlock.cluster.Timing.seconds(30)));
  }
}
