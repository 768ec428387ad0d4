package dev.distlock.nemesis;

import dev.distlock.Fault;
import dev.distlock.client.ClientProcess;
import dev.distlock.cluster.DatabaseServer;
import dev.distlock.cluster.ManagedProcess;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.ZooKeeperServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * Freezes processes with SIGSTOP and thaws them with SIGCONT: a server pause (the server keeps its
 * connections and answers nothing) or a client pause (a client JVM stops entirely, watchdog
 * included: a real stop-the-world pause, e.g. a long GC). {@link #start()} returns once the kernel
 * reports every target stopped; {@link #heal()} resumes every target that is still paused.
 */
public final class ProcessPause implements Nemesis {
  private final Fault fault;
  private final List<Supplier<ManagedProcess>> targets;

  private ProcessPause(Fault fault, List<Supplier<ManagedProcess>> targets) {
    this.fault = fault;
    this.targets = List.copyOf(targets);
  }

  /**
   * Pauses redis servers ({@link Fault#SERVER_PAUSE}). The server's current process is looked up at
   * each step, so a restarted server is paused in its new incarnation.
   *
   * @param servers the servers
   * @return the nemesis, not started
   */
  public static ProcessPause redisServers(List<RedisServer> servers) {
    List<Supplier<ManagedProcess>> t = new ArrayList<>();
    servers.forEach(s -> t.add(s::process));
    return new ProcessPause(Fault.SERVER_PAUSE, t);
  }

  /**
   * Pauses ZooKeeper servers ({@link Fault#SERVER_PAUSE}).
   *
   * @param servers the servers
   * @return the nemesis, not started
   */
  public static ProcessPause zooKeeperServers(List<ZooKeeperServer> servers) {
    List<Supplier<ManagedProcess>> t = new ArrayList<>();
    servers.forEach(s -> t.add(s::process));
    return new ProcessPause(Fault.SERVER_PAUSE, t);
  }

  /**
   * Pauses database servers ({@link Fault#SERVER_PAUSE}), every process of each (PostgreSQL runs
   * one per connection).
   *
   * @param servers the servers
   * @return the nemesis, not started
   */
  public static ProcessPause databases(List<? extends DatabaseServer> servers) {
    List<Supplier<ManagedProcess>> t = new ArrayList<>();
    servers.forEach(s -> t.add(s::process));
    return new ProcessPause(Fault.SERVER_PAUSE, t);
  }

  /**
   * Pauses lock clients running in child JVMs ({@link Fault#CLIENT_PAUSE}).
   *
   * @param clients the clients
   * @return the nemesis, not started
   */
  public static ProcessPause clients(List<ClientProcess> clients) {
    List<Supplier<ManagedProcess>> t = new ArrayList<>();
    clients.forEach(c -> t.add(c::process));
    return new ProcessPause(Fault.CLIENT_PAUSE, t);
  }

  @Override
  public Optional<Fault> fault() {
    return Optional.of(fault);
  }

  @Override
  public String describe() {
    return (fault == Fault.CLIENT_PAUSE ? "client-pause(" : "server-pause(")
        + targets.stream().map(t -> t.get().name()).collect(Collectors.joining(", "))
        + ")";
  }

  @Override
  public synchronized void start() {
    for (Supplier<ManagedProcess> t : targets) {
      t.get().pause();
    }
  }

  @Override
  public synchronized void heal() {
    Heal.all(
        targets,
        t -> {
          ManagedProcess p = t.get();
          if (p.isPaused()) {
            p.resume();
          }
        });
  }
}
