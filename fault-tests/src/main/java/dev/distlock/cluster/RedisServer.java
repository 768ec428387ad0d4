package dev.distlock.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A real {@code redis-server} process on 127.0.0.1, for tests.
 *
 * <p>Started on a free port with {@code --save "" --appendonly no} (no persistence: a crash-restart
 * loses every key) unless options say otherwise, with its own data directory under the temp dir and
 * its output in {@code target/cluster-logs/<scope>/redis-<port>.log}. Each verb acts on the real
 * process and returns once the server is in the asked state: {@link #start()} and {@link
 * #restart()} return when the server answers PING, {@link #kill()} when the process is gone, {@link
 * #pause()} when the kernel reports it stopped. Failures throw {@link HarnessException} naming the
 * log file. {@link #close()} kills the server and deletes its data directory; the process is also
 * registered with {@link Processes}, whose shutdown hook kills it if nobody else did.
 *
 * <pre>{@code
 * try (RedisServer redis = RedisServer.builder().persistent(true).clockShift(true).start()) {
 *   redis.kill();
 *   redis.restart();                       // same port, same options, data kept (AOF)
 *   redis.clock().shift(Duration.ofSeconds(120));
 * }
 * }</pre>
 *
 * <p>Thread-safe: lifecycle verbs are serialised on the server.
 */
public final class RedisServer implements AutoCloseable {
  private final Builder config;
  private final String name;
  private final int port;
  private final Path dataDir;
  private final Path logFile;
  private final ClockShift clock;
  private volatile ManagedProcess process;
  private boolean closed;

  RedisServer(Builder config, int port, Path dataDir, ClockShift clock) {
    this.config = config;
    this.port = port;
    this.name = config.name != null ? config.name : "redis-" + port;
    this.dataDir = dataDir;
    this.clock = clock;
    this.logFile = LogDirs.file(config.logDir != null ? config.logDir : LogDirs.current(), name);
  }

  /**
   * Starts a server with the defaults (free port, no persistence, no password).
   *
   * @return the running server, answering PING
   * @throws HarnessException if redis-server is missing or not ready before the deadline
   */
  public static RedisServer start() {
    return builder().start();
  }

  /**
   * Returns a builder for a server with non-default options.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the address the server listens on.
   *
   * @return always "127.0.0.1"
   */
  public String host() {
    return Ports.LOOPBACK;
  }

  /**
   * Returns the port, the same across restarts.
   *
   * @return the TCP port
   */
  public int port() {
    return port;
  }

  /**
   * Returns the pid of the current process (a restart makes a new one).
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Tells whether the current process exists (a paused server is alive).
   *
   * @return true if the process has not exited
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Returns the managed process, for callers that need its log or signals directly.
   *
   * @return the current process
   */
  public ManagedProcess process() {
    return process;
  }

  /**
   * Returns the log file that receives the server's output (appended across restarts).
   *
   * @return the log file
   */
  public Path logFile() {
    return logFile;
  }

  /**
   * Returns the server's data directory (AOF and RDB files), kept across restarts.
   *
   * @return the data directory
   */
  public Path dataDir() {
    return dataDir;
  }

  /**
   * Returns the clock shift of this server.
   *
   * @return the clock shift
   * @throws IllegalStateException if the server was not built with {@code clockShift(true)}
   */
  public ClockShift clock() {
    if (clock == null) {
      throw new IllegalStateException(name + " was started without clockShift(true)");
    }
    return clock;
  }

  /**
   * Returns the password set with {@link Builder#password(String)}.
   *
   * @return the password, if any
   */
  public Optional<String> password() {
    return Optional.ofNullable(config.password);
  }

  /**
   * Opens a new direct connection to the server (authenticated if a password is set). The caller
   * closes it.
   *
   * @param timeout connect and read timeout
   * @return a connected Jedis client
   * @throws redis.clients.jedis.exceptions.JedisException if the server cannot be reached
   */
  public Jedis client(Duration timeout) {
    int ms = Math.toIntExact(timeout.toMillis());
    DefaultJedisClientConfig.Builder cfg = plainConfig(ms);
    if (config.password != null) {
      cfg.password(config.password);
    }
    return new Jedis(new HostAndPort(host(), port), cfg.build());
  }

  /**
   * A harness connection's settings: the given timeouts and the server's default protocol (RESP2)
   * without a {@code HELLO}, as distlock's own connections use; a plain {@link Jedis} cannot speak
   * RESP3 and would log a warning on every connection otherwise.
   *
   * @param ms connect and socket timeout in milliseconds
   * @return the builder, for more settings
   */
  public static DefaultJedisClientConfig.Builder plainConfig(int ms) {
    return DefaultJedisClientConfig.builder()
        .connectionTimeoutMillis(ms)
        .socketTimeoutMillis(ms)
        .autoNegotiateProtocol(false);
  }

  /**
   * Opens a new direct connection with a 5 s (scaled) timeout. The caller closes it.
   *
   * @return a connected Jedis client
   */
  public Jedis client() {
    return client(Timing.seconds(5));
  }

  /**
   * Stops the server gracefully (SIGTERM; SIGKILL after 10 s scaled). Data directory and port are
   * kept for {@link #restart()}.
   */
  public synchronized void stop() {
    process.terminate(Timing.seconds(10));
  }

  /** Kills the server with SIGKILL (a crash) and waits until the process is gone. */
  public synchronized void kill() {
    process.kill();
  }

  /**
   * Starts the server again on the same port with the same options and data directory, stopping it
   * first if it still runs, and waits until it answers PING.
   *
   * @throws HarnessException if the port is taken or the server is not ready in time
   */
  public synchronized void restart() {
    requireOpen();
    if (process.isAlive()) {
      stop();
    }
    launch();
  }

  /** Freezes the server with SIGSTOP: it keeps its connections but answers nothing. */
  public synchronized void pause() {
    process.pause();
  }

  /** Lets a paused server run again (SIGCONT). */
  public synchronized void resume() {
    process.resume();
  }

  /**
   * Makes this server an (asynchronous) replica of another with {@code REPLICAOF host port}.
   * Returns at once; use {@link #replicationLinkUp()} to wait for the initial sync.
   *
   * @param host the master's host
   * @param port the master's port (e.g. a Toxiproxy proxy in front of it)
   * @throws redis.clients.jedis.exceptions.JedisException if the command fails
   */
  public void replicaOf(String host, int port) {
    try (Jedis jedis = client()) {
      jedis.replicaof(host, port);
    }
  }

  /** Promotes this server to a master with {@code REPLICAOF NO ONE}. */
  public void promote() {
    try (Jedis jedis = client()) {
      jedis.replicaofNoOne();
    }
  }

  /**
   * Tells whether this server is a replica whose link to its master is up (INFO replication reports
   * {@code master_link_status:up}).
   *
   * @return true if the replication link is up
   * @throws redis.clients.jedis.exceptions.JedisException if the server cannot be reached
   */
  public boolean replicationLinkUp() {
    try (Jedis jedis = client()) {
      return jedis.info("replication").contains("master_link_status:up");
    }
  }

  /** Kills the server and deletes its data directory. Idempotent; never throws on cleanup. */
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
      WorkDirs.delete(dataDir);
    }
  }

  @Override
  public String toString() {
    return name + "@" + host() + ":" + port;
  }

  private void requireOpen() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
  }

  void launch() {
    ProcessBuilder pb = new ProcessBuilder(RedisLauncher.command(config, port, dataDir));
    pb.directory(dataDir.toFile());
    if (clock != null) {
      Map<String, String> env = pb.environment();
      env.putAll(clock.environment(ClockShiftLibrary.get(), env.get("LD_PRELOAD")));
    }
    process = Processes.start(name, pb, logFile);
    RedisProbe.awaitReady(this, process, Timing.scaled(config.startTimeout));
  }

  /**
   * Configures and starts a {@link RedisServer}. Not thread-safe; each {@link #start()} makes a new
   * server.
   */
  public static final class Builder {
    final List<String> options = new ArrayList<>();
    String password;
    boolean persistent;
    boolean clockShift;
    boolean monotonicClockShift;
    Path logDir;
    String name;
    int port;
    Duration startTimeout = Duration.ofSeconds(20);

    private Builder() {}

    /**
     * Adds raw redis-server arguments, applied after the defaults so they override them: {@code
     * option("--appendonly", "yes")}, {@code option("--user", "alice", "on", ">pw", "~*",
     * "+@all")}. A first argument without a leading "--" gets one.
     *
     * @param args the arguments
     * @return this builder
     */
    public Builder option(String... args) {
      for (int i = 0; i < args.length; i++) {
        String a = Objects.requireNonNull(args[i], "option");
        options.add(i == 0 && !a.startsWith("--") ? "--" + a : a);
      }
      return this;
    }

    /**
     * Requires a password ({@code --requirepass}); the harness authenticates with it.
     *
     * @param password the password
     * @return this builder
     */
    public Builder password(String password) {
      this.password = Objects.requireNonNull(password, "password");
      return this;
    }

    /**
     * Turns on the persistence control: {@code appendonly yes, appendfsync always}, so a
     * crash-restart keeps every acknowledged write.
     *
     * @param persistent true for AOF with fsync on every write
     * @return this builder
     */
    public Builder persistent(boolean persistent) {
      this.persistent = persistent;
      return this;
    }

    /**
     * Runs the server with the clock-shift preload library, reachable through {@link
     * RedisServer#clock()}. Needs gcc (the library is compiled on first use).
     *
     * @param enabled true to allow clock jumps
     * @return this builder
     */
    public Builder clockShift(boolean enabled) {
      this.clockShift = enabled;
      return this;
    }

    /**
     * Shifts the monotonic clocks too (implies {@code clockShift(true)}); redis then also sees its
     * timers jump.
     *
     * @param enabled true to shift CLOCK_MONOTONIC and friends as well
     * @return this builder
     */
    public Builder monotonicClockShift(boolean enabled) {
      this.monotonicClockShift = enabled;
      this.clockShift |= enabled;
      return this;
    }

    /**
     * Puts the log file in {@code dir} instead of the current test's log directory.
     *
     * @param dir the directory; created if missing
     * @return this builder
     */
    public Builder logDir(Path dir) {
      this.logDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Names the server in messages and its log file (default "redis-&lt;port&gt;").
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Uses a fixed port instead of a free one (0, the default, picks a free port).
     *
     * @param port the port
     * @return this builder
     */
    public Builder port(int port) {
      if (port < 0 || port > 65535) {
        throw new IllegalArgumentException("port out of range: " + port);
      }
      this.port = port;
      return this;
    }

    /**
     * Sets how long a start may take before it fails (scaled by {@link Timing}); default 20 s.
     *
     * @param timeout the deadline
     * @return this builder
     */
    public Builder startTimeout(Duration timeout) {
      this.startTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Starts the server and waits until it answers PING.
     *
     * @return the running server
     * @throws HarnessException if it does not start in time; when the free port was taken in
     *     between, it retries twice on other ports first
     */
    public RedisServer start() {
      return RedisLauncher.start(RedisLauncher.snapshot(this));
    }
  }
}
