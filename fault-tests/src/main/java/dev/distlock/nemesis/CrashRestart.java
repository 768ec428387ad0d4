package dev.distlock.nemesis;

import dev.distlock.Fault;
import dev.distlock.cluster.RedisServer;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Crashes redis servers with SIGKILL and restarts them on the same port. Whether data survive is
 * the server's setting: without persistence (the harness default) every key is lost, including lock
 * entries and fencing counters; with {@code persistent(true)} ({@code appendfsync always}), the
 * control, every acknowledged write survives. {@link #start()} returns once every server answers
 * again; {@link #heal()} restarts any that is still down.
 */
public final class CrashRestart implements Nemesis {
  private final List<RedisServer> servers;

  private CrashRestart(List<RedisServer> servers) {
    this.servers = List.copyOf(servers);
  }

  /**
   * Returns a crash-restart of the servers.
   *
   * @param servers the servers
   * @return the nemesis, not started
   */
  public static CrashRestart of(List<RedisServer> servers) {
    return new CrashRestart(servers);
  }

  @Override
  public Optional<Fault> fault() {
    return Optional.of(Fault.CRASH_RESTART);
  }

  @Override
  public String describe() {
    return "crash-restart("
        + servers.stream().map(RedisServer::toString).collect(Collectors.joining(", "))
        + ")";
  }

  @Override
  public synchronized void start() {
    for (RedisServer s : servers) {
      s.kill();
      s.restart();
    }
  }

  @Override
  public synchronized void heal() {
    Heal.all(
        servers,
        s -> {
          if (!s.isAlive()) {
            s.restart();
          }
        });
  }
}
