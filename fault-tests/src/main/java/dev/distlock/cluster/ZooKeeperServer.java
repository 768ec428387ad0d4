package dev.distlock.cluster;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.TreeMap;

/**
 * A real ZooKeeper server in a child JVM on 127.0.0.1: standalone ({@link #start()}) or one member
 * of a {@link ZooKeeperEnsemble}.
 *
 * <p>The server classes come from the zookeeper jar on this JVM's classpath ({@code
 * ZooKeeperServerMain} standalone, {@code QuorumPeerMain} in an ensemble), with a 128 MB heap, the
 * admin server off and the four-letter words on; readiness is the {@code srvr} command reporting a
 * mode. {@link #start()} and {@link #restart()} return once the server serves; {@link #kill()} once
 * its JVM is gone; {@link #pause()} once the kernel reports it stopped. Data (snapshots, logs) live
 * in a per-server temp directory kept across restarts. Failures throw {@link HarnessException}
 * naming the log file. {@link #close()} kills the JVM and deletes its data; the JVM is registered
 * with {@link Processes} too. Thread-safe.
 */
public final class ZooKeeperServer implements AutoCloseable {
  static final String STANDALONE_MAIN = "org.apache.zookeeper.server.ZooKeeperServerMain";
  static final String QUORUM_MAIN = "org.apache.zookeeper.server.quorum.QuorumPeerMain";

  private final String name;
  private final int id;
  private final int clientPort;
  private final Path workDir;
  private final Path config;
  private final String mainClass;
  private final ZkSettings settings;
  private final Path logFile;
  private volatile ManagedProcess process;
  private boolean closed;

  ZooKeeperServer(
      String name, int id, int clientPort, Path workDir, Path config, ZkSettings settings) {
    this.name = name;
    this.id = id;
    this.clientPort = clientPort;
    this.workDir = workDir;
    this.config = config;
    this.mainClass = id == 0 ? STANDALONE_MAIN : QUORUM_MAIN;
    this.settings = settings;
    this.logFile = LogDirs.file(settings.logDir(), name);
  }

  /**
   * Starts a standalone server with the defaults (tick 500 ms, so sessions of 1 to 10 s).
   *
   * @return the serving server
   * @throws HarnessException if it does not serve before the deadline
   */
  public static ZooKeeperServer start() {
    return builder().start();
  }

  /**
   * Returns a builder for a standalone server.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns "127.0.0.1:port", for ZooKeeper and Curator clients.
   *
   * @return the connect string of this one server
   */
  public String connectString() {
    return host() + ":" + clientPort;
  }

  /**
   * Returns the client host.
   *
   * @return always "127.0.0.1"
   */
  public String host() {
    return Ports.LOOPBACK;
  }

  /**
   * Returns the client port, the same across restarts.
   *
   * @return the client port
   */
  public int port() {
    return clientPort;
  }

  /**
   * Returns the ZooKeeper server id (myid).
   *
   * @return the id, 1-based in an ensemble; 0 for a standalone server
   */
  public int id() {
    return id;
  }

  /**
   * Returns the pid of the server's current JVM.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Tells whether the JVM exists (a paused one is alive).
   *
   * @return true if the JVM has not exited
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Returns the server's JVM process.
   *
   * @return the process
   */
  public ManagedProcess process() {
    return process;
  }

  /**
   * Returns the log file (appended across restarts).
   *
   * @return the log file
   */
  public Path logFile() {
    return logFile;
  }

  /**
   * Asks the server for its mode with {@code srvr} (1 s timeout).
   *
   * @return "standalone", "leader" or "follower"; empty when the server does not serve (no quorum,
   *     paused, dead)
   */
  public Optional<String> mode() {
    try {
      return Optional.ofNullable(FourLetterWords.mode(host(), clientPort, Duration.ofSeconds(1)));
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /**
   * Waits until the server serves requests.
   *
   * @param timeout the deadline (not scaled)
   * @throws HarnessException if the JVM exits or the deadline passes first
   */
  public void awaitServing(Duration timeout) {
    ManagedProcess p = process;
    Deadline.await(
        name + " to serve",
        timeout,
        () -> {
          if (!p.isAlive()) {
            throw new HarnessException(
                name
                    + " exited with code "
                    + p.exitCode().orElse(-1)
                    + "; log "
                    + logFile
                    + ":\n"
                    + p.logTail(30));
          }
          return FourLetterWords.mode(host(), clientPort, Duration.ofSeconds(1)) != null;
        },
        () -> "log " + logFile + ":\n" + p.logTail(30));
  }

  /** Stops the server gracefully (SIGTERM; SIGKILL after 10 s scaled). Data are kept. */
  public synchronized void stop() {
    process.terminate(Timing.seconds(10));
  }

  /** Kills the server's JVM with SIGKILL (a crash) and waits until it is gone. */
  public synchronized void kill() {
    process.kill();
  }

  /**
   * Starts the server again with the same ports, config and data, stopping it first if it runs, and
   * waits until it serves (an ensemble member needs a quorum for that).
   *
   * @throws HarnessException if it does not serve before the deadline
   */
  public synchronized void restart() {
    restartNoWait();
    awaitServing(Timing.scaled(settings.startTimeout));
  }

  /**
   * Starts the server again like {@link #restart()} but returns once the JVM is launched, without
   * waiting for it to serve (e.g. when a quorum will only form later).
   */
  public synchronized void restartNoWait() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
    if (process != null && process.isAlive()) {
      stop();
    }
    launch();
  }

  /** Freezes the server's JVM with SIGSTOP. */
  public synchronized void pause() {
    process.pause();
  }

  /** Lets a paused server run again (SIGCONT). */
  public synchronized void resume() {
    process.resume();
  }

  /** Kills the JVM and deletes the data. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      if (process != null) {
        process.kill();
      }
    } finally {
      WorkDirs.delete(workDir);
    }
  }

  /** Launches the JVM without waiting for it to serve. */
  synchronized void launch() {
    List<String> cmd =
        ChildJvm.command(
            mainClass,
            settings.heap,
            List.of(
                "-Dzookeeper.admin.enableServer=false",
                "-Dzookeeper.4lw.commands.whitelist=*",
                "-Dzookeeper.snapshot.trust.empty=true",
                "-Dorg.slf4j.simpleLogger.showDateTime=true"),
            List.of(config.toString()));
    process = Processes.start(name, new ProcessBuilder(cmd).directory(workDir.toFile()), logFile);
  }

  Duration startTimeout() {
    return Timing.scaled(settings.startTimeout);
  }

  @Override
  public String toString() {
    return name + "@" + connectString();
  }

  /** Configures a standalone server. Not thread-safe. */
  public static final class Builder {
    private final ZkSettings settings = new ZkSettings();

    private Builder() {}

    /**
     * Sets ZooKeeper's tick (default 500 ms); sessions may last 2 to 20 ticks.
     *
     * @param tick the tick time
     * @return this builder
     */
    public Builder tickTime(Duration tick) {
      settings.tickTime = Objects.requireNonNull(tick, "tick");
      return this;
    }

    /**
     * Adds or overrides a line of zoo.cfg.
     *
     * @param key the key, e.g. "maxSessionTimeout"
     * @param value the value
     * @return this builder
     */
    public Builder property(String key, String value) {
      settings.properties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /**
     * Puts the log file in {@code dir} instead of the current test's log directory.
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder logDir(Path dir) {
      settings.logDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Starts the server and waits until it serves.
     *
     * @return the serving server
     * @throws HarnessException if it does not serve before the deadline (60 s scaled); when the
     *     free port was taken in between, it retries twice on other ports first
     */
    public ZooKeeperServer start() {
      ZkSettings s = settings.copy();
      for (int attempt = 1; ; attempt++) {
        int port = Ports.free();
        Path work = WorkDirs.create("zk-" + port);
        Path cfg = s.writeConfig(work, 0, port, new TreeMap<>());
        ZooKeeperServer server = new ZooKeeperServer("zk-" + port, 0, port, work, cfg, s);
        try {
          server.launch();
          server.awaitServing(server.startTimeout());
          return server;
        } catch (RuntimeException e) {
          // The free port may have been taken in between; try another one, twice at most.
          boolean portTaken =
              server.process != null
                  && server.process.logTail(50).contains("Address already in use");
          server.close();
          if (!portTaken || attempt == 3) {
            throw e;
          }
        }
      }
    }
  }
}
