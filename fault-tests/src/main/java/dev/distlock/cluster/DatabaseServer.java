package dev.distlock.cluster;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A real database server process on 127.0.0.1 for tests: the lifecycle shared by {@link
 * PostgresServer} and {@link MariaDbServer}.
 *
 * <p>Each server gets a free port and a throw-away data directory initialised by the database's own
 * tool ({@code initdb}, {@code mariadb-install-db}); its output goes to {@code
 * target/cluster-logs/<scope>/<name>.log}. Every verb acts on the real process and returns once the
 * server is in the asked state: {@link #restart()} when it answers {@code SELECT 1} again, {@link
 * #kill()} when the process tree is gone, {@link #pause()} when every process of the server is
 * stopped (PostgreSQL runs one process per connection, so the whole tree is stopped, not only the
 * postmaster). Data is durable against a process crash (the database writes its log to the kernel
 * at every commit; only the flush to disk is skipped, which only a machine crash would show), so a
 * {@link #kill()} and {@link #restart()} keeps every committed row.
 *
 * <p>Running as root: neither server runs as root by choice (PostgreSQL refuses to), so when the
 * JVM runs as root the harness starts both under the unprivileged OS user {@code distlock} (system
 * property {@code distlock.db.os-user}) through {@code setpriv}, which execs, so the managed pid is
 * the server's own; {@code scripts/setup.sh} creates that user. As any other user they run as that
 * user. Thread-safe: lifecycle verbs are serialised on the server.
 */
public abstract sealed class DatabaseServer implements AutoCloseable
    permits PostgresServer, MariaDbServer {
  /** The login every test uses. */
  public static final String USER = "distlock";

  /** Its password (PostgreSQL trusts loopback connections and ignores it). */
  public static final String PASSWORD = "distlock";

  private final String name;
  private final int port;
  private final Path workDir;
  private final Path logFile;
  private final ClockShift clock;
  private volatile ManagedProcess process;
  private Path preload;
  private boolean closed;

  DatabaseServer(String name, int port, Path workDir, Path logDir, ClockShift clock) {
    this.name = name;
    this.port = port;
    this.workDir = workDir;
    this.clock = clock;
    this.logFile = LogDirs.file(logDir != null ? logDir : LogDirs.current(), name);
  }

  /** The server command line (without the OS-user prefix), for a data directory in workDir. */
  abstract List<String> serverCommand();

  /** The one-shot command that creates the data directory. */
  abstract List<String> initCommand();

  /** Runs after the data directory was created and before the first start. */
  void afterInit() {}

  /** How the server is asked to shut down quickly and cleanly. */
  abstract String stopSignal();

  /**
   * Returns a JDBC URL for the server reached at {@code host:port} (its own address or a proxy's).
   *
   * @param host the host to connect to
   * @param port the port to connect to
   * @return the URL
   */
  public abstract String jdbcUrl(String host, int port);

  /**
   * Returns a JDBC URL for a direct connection.
   *
   * @return the URL
   */
  public String jdbcUrl() {
    return jdbcUrl(host(), port);
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
   * Returns the current process (a restart makes a new one).
   *
   * @return the managed process
   */
  public ManagedProcess process() {
    return process;
  }

  /**
   * Returns the pid of the server's main process.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Tells whether the main process exists (a paused server is alive).
   *
   * @return true if it has not exited
   */
  public boolean isAlive() {
    return process != null && process.isAlive();
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
   * Returns the work directory holding the data directory, kept across restarts.
   *
   * @return the directory
   */
  public Path workDir() {
    return workDir;
  }

  /**
   * Returns the clock shift of this server.
   *
   * @return the clock shift
   * @throws IllegalStateException if the server was not started with a clock shift
   */
  public ClockShift clock() {
    if (clock == null) {
      throw new IllegalStateException(name + " was started without a clock shift");
    }
    return clock;
  }

  /**
   * Opens a direct connection (autocommit on); the caller closes it.
   *
   * @return a connection
   * @throws SQLException if the server cannot be reached
   */
  public Connection connect() throws SQLException {
    return DriverManager.getConnection(jdbcUrl(), USER, PASSWORD);
  }

  /** The query listing the ids of the sessions inside a transaction, except the caller's. */
  abstract String sessionsInTransaction();

  /** The statement that kills session {@code id}. */
  abstract String killSession(long id);

  /**
   * Kills, from the server side, every client session that is inside a transaction (the way the
   * database drops a connection it considers dead): its transaction rolls back and its row locks
   * are freed at once, while the client learns it only on its next statement.
   *
   * @return how many sessions were killed
   * @throws SQLException if the server cannot be reached
   */
  public int killSessionsInTransaction() throws SQLException {
    List<Long> ids = new ArrayList<>();
    try (Connection c = connect()) {
      try (Statement st = c.createStatement();
          java.sql.ResultSet rs = st.executeQuery(sessionsInTransaction())) {
        while (rs.next()) {
          ids.add(rs.getLong(1));
        }
      }
      for (long id : ids) {
        try (Statement st = c.createStatement()) {
          st.execute(killSession(id));
        }
      }
    }
    return ids.size();
  }

  /** Stops the server cleanly (SIGKILL after 10 s scaled); the data directory and port are kept. */
  public synchronized void stop() {
    if (!isAlive()) {
      return;
    }
    if (process.isPaused()) {
      process.resume();
    }
    Signals.send(process.pid(), stopSignal());
    if (!process.waitFor(Timing.seconds(10))) {
      process.kill();
    }
    process.kill(); // reaps whatever child outlived its parent
  }

  /** Kills the whole process tree with SIGKILL (a crash) and waits until the server is gone. */
  public synchronized void kill() {
    if (process == null) {
      return;
    }
    List<ProcessHandle> tree = List.of();
    if (process.isAlive()) {
      // Freeze the parent first: a PostgreSQL backend forked between the harness listing the
      // children and killing the postmaster would survive it, keep the shared memory attached,
      // and make the restart fail ("pre-existing shared memory block is still in use").
      try {
        Signals.send(process.pid(), "STOP");
      } catch (HarnessException e) {
        // It exited meanwhile; the kill below waits for that.
      }
      tree = process.descendants();
    }
    process.kill();
    // The kill waits for the parent only; a restart must also wait for every child to have let go
    // of the shared memory (a zombie no longer holds it).
    List<ProcessHandle> children = tree;
    Deadline.await(
        name + "'s processes to exit",
        Timing.seconds(10),
        () -> children.stream().allMatch(DatabaseServer::gone));
  }

  private static boolean gone(ProcessHandle p) {
    char state = Signals.state(p.pid());
    return !p.isAlive() || state == 'Z' || state == 'X' || state == '?';
  }

  /**
   * Starts the server again on the same port and data directory (stopping it first if it runs) and
   * waits until it answers {@code SELECT 1}; after a {@link #kill()} it recovers from its log.
   *
   * @throws HarnessException if it does not become ready in time
   */
  public synchronized void restart() {
    if (closed) {
      throw new IllegalStateException(name + " is closed");
    }
    if (isAlive()) {
      stop();
    }
    launch();
  }

  /** Freezes every process of the server with SIGSTOP: connections stay open, nothing answers. */
  public synchronized void pause() {
    process.pause();
  }

  /** Lets a paused server run again (SIGCONT to every process of it). */
  public synchronized void resume() {
    process.resume();
  }

  /** Kills the server and deletes its work directory. Idempotent; never throws on cleanup. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      kill();
    } finally {
      WorkDirs.delete(workDir);
    }
  }

  @Override
  public String toString() {
    return name + "@" + host() + ":" + port;
  }

  /** Creates the data directory, then starts the server. */
  void initAndLaunch() {
    OsUser.handOver(workDir);
    ProcessBuilder init = new ProcessBuilder(OsUser.wrap(initCommand()));
    init.directory(workDir.toFile());
    ManagedProcess p = Processes.start(name + "-init", init, logFile);
    Duration limit = Timing.seconds(60);
    if (!p.waitFor(limit)) {
      p.kill();
      throw new HarnessException(name + ": initialising the data directory took over " + limit);
    }
    if (p.exitCode().orElse(-1) != 0) {
      throw new HarnessException(
          name + ": initialising the data directory failed; log " + logFile + "\n" + p.logTail(20));
    }
    afterInit();
    if (clock != null) {
      // The server user must read the library; the harness's build of it is private to us.
      preload = workDir.resolve("libclockshift.so");
      try {
        java.nio.file.Files.copy(ClockShiftLibrary.get(), preload);
      } catch (java.io.IOException e) {
        throw new HarnessException(name + ": could not copy the clock-shift library", e);
      }
    }
    OsUser.handOver(workDir);
    launch();
  }

  private void launch() {
    List<String> cmd = new ArrayList<>(OsUser.wrap(serverCommand()));
    ProcessBuilder pb = new ProcessBuilder(cmd);
    pb.directory(workDir.toFile());
    if (clock != null) {
      Map<String, String> env = pb.environment();
      env.putAll(clock.environment(preload, env.get("LD_PRELOAD")));
    }
    process = Processes.start(name, pb, logFile);
    process.pauseWholeTree();
    ManagedProcess started = process;
    Deadline.await(
        name + " to answer SELECT 1",
        Timing.seconds(60),
        () -> {
          if (!started.isAlive()) {
            throw new HarnessException(
                name + " exited during start; log " + logFile + "\n" + started.logTail(30));
          }
          try (Connection c = connect();
              Statement s = c.createStatement()) {
            s.setQueryTimeout(5);
            return s.execute("SELECT 1");
          }
        },
        () -> "log " + logFile + "\n" + started.logTail(30));
  }

  /** Creates one kind of server from its name, port, work and log directories and clock. */
  interface Factory<S extends DatabaseServer> {
    S create(String name, int port, Path workDir, Path logDir, ClockShift clock);
  }

  /**
   * Configures and starts a database server of one kind. Not thread-safe.
   *
   * @param <S> the kind of server
   */
  public static final class Builder<S extends DatabaseServer> {
    private final String kind;
    private final Factory<S> factory;
    private Path logDir;
    private String name;
    private boolean clockShift;

    Builder(String kind, Factory<S> factory) {
      this.kind = kind;
      this.factory = factory;
    }

    /**
     * Puts the log in {@code dir} instead of the current test's log directory.
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder<S> logDir(Path dir) {
      this.logDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Names the server in messages and its log file (default "&lt;kind&gt;-&lt;port&gt;").
     *
     * @param name the name
     * @return this builder
     */
    public Builder<S> name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Runs the server with the clock-shift preload library (wall clock only).
     *
     * @param enabled true to allow clock jumps
     * @return this builder
     */
    public Builder<S> clockShift(boolean enabled) {
      this.clockShift = enabled;
      return this;
    }

    /**
     * Initialises a data directory and starts the server.
     *
     * @return the running server, answering SELECT 1
     * @throws HarnessException if it does not start in time
     */
    public S start() {
      int port = Ports.free();
      Path work = WorkDirs.create(kind + "-" + port);
      ClockShift clock = clockShift ? ClockShift.create(work.resolve("clock-offset"), false) : null;
      S server = factory.create(name != null ? name : kind + "-" + port, port, work, logDir, clock);
      try {
        server.initAndLaunch();
        return server;
      } catch (RuntimeException e) {
        server.close();
        throw e;
      }
    }
  }
}
