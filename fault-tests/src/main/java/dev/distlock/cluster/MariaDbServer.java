package dev.distlock.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * A real MariaDB server ({@code mariadbd}, one process, InnoDB) on 127.0.0.1, for tests. See {@link
 * DatabaseServer} for the lifecycle verbs.
 *
 * <p>Initialised with {@code mariadb-install-db}; an init file run at every start creates the
 * database {@code distlock} and the login {@link #USER}/{@link #PASSWORD} from any host (clients
 * arrive through Toxiproxy). {@code innodb_flush_log_at_trx_commit=2} writes the log to the kernel
 * at every commit (a process crash loses nothing) without waiting for the disk; no binary log.
 */
public final class MariaDbServer extends DatabaseServer {
  private MariaDbServer(String name, int port, Path workDir, Path logDir, ClockShift clock) {
    super(name, port, workDir, logDir, clock);
  }

  /**
   * Starts a server with the defaults.
   *
   * @return the running server, answering SELECT 1
   * @throws HarnessException if mariadbd is missing or not ready in time
   */
  public static MariaDbServer start() {
    return builder().start();
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder<MariaDbServer> builder() {
    return new Builder<>("mariadb", MariaDbServer::new);
  }

  private Path dataDir() {
    return workDir().resolve("data");
  }

  private Path initFile() {
    return workDir().resolve("init.sql");
  }

  @Override
  List<String> initCommand() {
    return List.of(
        Binaries.find(
                "mariadb-install-db",
                "distlock.mariadb.install",
                "DISTLOCK_MARIADB_INSTALL_DB",
                Path.of("/usr/bin/mariadb-install-db"))
            .toString(),
        "--no-defaults",
        "--datadir=" + dataDir(),
        "--auth-root-authentication-method=normal",
        "--skip-test-db",
        "--skip-name-resolve");
  }

  @Override
  void afterInit() {
    try {
      Files.writeString(
          initFile(),
          "CREATE DATABASE IF NOT EXISTS distlock;\n"
              + "CREATE USER IF NOT EXISTS '"
              + USER
              + "'@'%' IDENTIFIED BY '"
              + PASSWORD
              + "';\n"
              + "GRANT ALL ON *.* TO '"
              + USER
              + "'@'%';\n");
    } catch (IOException e) {
      throw new HarnessException("could not write " + initFile(), e);
    }
  }

  @Override
  List<String> serverCommand() {
    return List.of(
        Binaries.find(
                "mariadbd",
                "distlock.mariadb.server",
                "DISTLOCK_MARIADB_SERVER",
                Path.of("/usr/sbin/mariadbd"))
            .toString(),
        "--no-defaults",
        "--datadir=" + dataDir(),
        "--port=" + port(),
        "--bind-address=" + Ports.LOOPBACK,
        "--socket=" + workDir().resolve("mysqld.sock"),
        "--pid-file=" + workDir().resolve("mysqld.pid"),
        "--skip-name-resolve",
        "--init-file=" + initFile(),
        "--innodb-buffer-pool-size=32M",
        "--innodb-flush-log-at-trx-commit=2",
        "--skip-log-bin",
        "--max-connections=300");
  }

  @Override
  String sessionsInTransaction() {
    return "SELECT trx_mysql_thread_id FROM information_schema.innodb_trx"
        + " WHERE trx_mysql_thread_id <> CONNECTION_ID()";
  }

  @Override
  String killSession(long id) {
    return "KILL " + id;
  }

  @Override
  String stopSignal() {
    return "TERM";
  }

  @Override
  public String jdbcUrl(String host, int port) {
    return "jdbc:mariadb://" + host + ":" + port + "/distlock?connectTimeout=5000";
  }
}
