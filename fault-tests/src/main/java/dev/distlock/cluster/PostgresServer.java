package dev.distlock.cluster;

import java.nio.file.Path;
import java.util.List;

/**
 * A real PostgreSQL server ({@code postgres}, one process per connection under a postmaster) on
 * 127.0.0.1, for tests. See {@link DatabaseServer} for the lifecycle verbs.
 *
 * <p>Initialised with {@code initdb --auth=trust -U distlock} (loopback only, so trust is safe);
 * clients log in as {@link #USER} to the database {@code postgres}. Runs with {@code fsync=off}
 * (commits still reach the kernel, so a process crash loses nothing), no Unix socket, and room for
 * 200 connections. Stopped with SIGINT (PostgreSQL's "fast" shutdown: SIGTERM would wait for every
 * pooled client to disconnect).
 *
 * <pre>{@code
 * try (PostgresServer pg = PostgresServer.start()) {
 *   ProxiedEndpoint front = toxiproxy.proxy("pg", pg.host(), pg.port());
 *   String url = pg.jdbcUrl(front.host(), front.port());
 * }
 * }</pre>
 */
public final class PostgresServer extends DatabaseServer {
  private static final String BIN_DIR = "/usr/lib/postgresql/15/bin";

  private PostgresServer(String name, int port, Path workDir, Path logDir, ClockShift clock) {
    super(name, port, workDir, logDir, clock);
  }

  /**
   * Starts a server with the defaults.
   *
   * @return the running server, answering SELECT 1
   * @throws HarnessException if postgres is missing or not ready in time
   */
  public static PostgresServer start() {
    return builder().start();
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder<PostgresServer> builder() {
    return new Builder<>("postgres", PostgresServer::new);
  }

  /**
   * The directory holding initdb and postgres: property distlock.postgres.bin, else Debian's
   * /usr/lib/postgresql/15/bin, else the newest /usr/lib/postgresql/N/bin installed.
   */
  static Path binDir() {
    String prop = System.getProperty("distlock.postgres.bin");
    if (prop != null && !prop.isBlank()) {
      return Path.of(prop);
    }
    Path debian = Path.of(BIN_DIR);
    if (java.nio.file.Files.isDirectory(debian)) {
      return debian;
    }
    try (java.util.stream.Stream<Path> versions =
        java.nio.file.Files.list(debian.getParent().getParent())) {
      return versions
          .map(v -> v.resolve("bin"))
          .filter(java.nio.file.Files::isDirectory)
          .max(java.util.Comparator.comparingInt(PostgresServer::major))
          .orElse(debian);
    } catch (java.io.IOException e) {
      return debian;
    }
  }

  private static int major(Path bin) {
    try {
      return Integer.parseInt(bin.getParent().getFileName().toString());
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  private Path dataDir() {
    return workDir().resolve("data");
  }

  @Override
  List<String> initCommand() {
    return List.of(
        Binaries.find(
                "initdb", "distlock.postgres.initdb", "DISTLOCK_INITDB", binDir().resolve("initdb"))
            .toString(),
        "-D",
        dataDir().toString(),
        "-U",
        USER,
        "--auth=trust",
        "--no-sync",
        "-E",
        "UTF8",
        "--locale=C.UTF-8");
  }

  @Override
  List<String> serverCommand() {
    return List.of(
        Binaries.find(
                "postgres",
                "distlock.postgres.server",
                "DISTLOCK_POSTGRES_SERVER",
                binDir().resolve("postgres"))
            .toString(),
        "-D",
        dataDir().toString(),
        "-p",
        Integer.toString(port()),
        "-c",
        "listen_addresses=" + Ports.LOOPBACK,
        "-c",
        "unix_socket_directories=",
        "-c",
        "fsync=off",
        "-c",
        "full_page_writes=off",
        "-c",
        "shared_buffers=16MB",
        "-c",
        "max_connections=200");
  }

  @Override
  String sessionsInTransaction() {
    return "SELECT pid FROM pg_stat_activity WHERE state LIKE 'idle in transaction%'"
        + " AND pid <> pg_backend_pid()";
  }

  @Override
  String killSession(long id) {
    return "SELECT pg_terminate_backend(" + id + ")";
  }

  @Override
  String stopSignal() {
    return "INT";
  }

  @Override
  public String jdbcUrl(String host, int port) {
    return "jdbc:postgresql://" + host + ":" + port + "/postgres?connectTimeout=5";
  }
}
