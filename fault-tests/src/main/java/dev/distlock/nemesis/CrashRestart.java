package dev.distlock.nemesis;

import dev.distlock.Fault;
import dev.distlock.cluster.DatabaseServer;
import dev.distlock.cluster.RedisServer;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.BooleanSupplier;
import java.util.stream.Collectors;

/**
 * Crashes servers with SIGKILL and restarts them on the same port. Whether data survive is the
 * server's setting: a redis-server without persistence (the harness default) loses every key,
 * including lock entries and fencing counters; with {@code persistent(true)} ({@code appendfsync
 * always}), the control, every acknowledged write survives. A database server keeps every committed
 * row and recovers from its log, but every client connection (and with it every open transaction
 * and row lock) is gone. {@link #start()} returns once every server answers again; {@link #heal()}
 * restarts any that is still down.
 */
public final class CrashRestart implements Nemesis {
  /** One server's verbs. */
  private record Target(String name, Runnable kill, Runnable restart, BooleanSupplier alive) {}

  private final List<Target> servers;

  private CrashRestart(List<Target> servers) {
    this.servers = List.copyOf(servers);
  }

  /**
   * Returns a crash-restart of the servers.
   *
   * @param servers the servers
   * @return the nemesis, not started
   */
  public static CrashRestart of(List<RedisServer> servers) {
    List<Target> t = new ArrayList<>();
    servers.forEach(s -> t.add(new Target(s.toString(), s::kill, s::restart, s::isAlive)));
    return new CrashRestart(t);
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
    return new CrashRestart(t);
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
  }
}
