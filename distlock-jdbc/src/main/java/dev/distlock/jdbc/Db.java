package dev.distlock.jdbc;

import dev.distlock.LockBackendException;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.function.Function;
import javax.sql.DataSource;

/**
 * The locks' access to the user's {@link DataSource}: connections with the network timeout set, the
 * dialect (detected once), and the schema (created once, if allowed). Thread-safe.
 */
final class Db {
  /** setNetworkTimeout needs an executor for the abort; the drivers call it inline. */
  private static final Executor DIRECT = Runnable::run;

  private final DataSource dataSource;
  private final String table;
  private final Optional<JdbcDialect> given;
  private final boolean createSchema;
  private final Function<JdbcDialect, List<String>> ddl;
  private final int timeoutMillis;
  private volatile JdbcDialect dialect;

  /** For the locks: the lock tables of {@code options}. */
  Db(DataSource dataSource, JdbcOptions options) {
    this(
        dataSource,
        options.table(),
        options.dialect(),
        options.requestTimeout(),
        options.createSchema(),
        d -> new Sql(d, options.table()).ddl());
  }

  /** For the resources: any table, with its DDL per dialect. */
  Db(
      DataSource dataSource,
      String table,
      Optional<JdbcDialect> dialect,
      Duration requestTimeout,
      boolean createSchema,
      Function<JdbcDialect, List<String>> ddl) {
    this.dataSource = Objects.requireNonNull(dataSource, "dataSource");
    this.table = table;
    this.given = dialect;
    this.createSchema = createSchema;
    this.ddl = ddl;
    this.timeoutMillis = (int) Math.min(Integer.MAX_VALUE, requestTimeout.toMillis());
  }

  /**
   * Gives a connection that holds a lock a network timeout that outlasts the lease: the request
   * timeout plus {@code ttl}. A statement that times out makes the driver close the socket, and a
   * closed holding connection frees the lock at once; with the request timeout alone, a renewal cut
   * off by a partition freed the lock a request timeout after it started — before the lease's
   * deadline, while the holder still had validity left (found by the soak campaign, FOR UPDATE ×
   * partition). With this timeout the lease reaches its deadline (the watchdog loses it there,
   * renewal in flight or not) before the holder's own timeout can free the lock.
   *
   * @throws SQLException if the driver refuses the timeout
   */
  void holdTimeout(Connection c, Duration ttl) throws SQLException {
    long ms = Math.min(Integer.MAX_VALUE, (long) timeoutMillis + ttl.toMillis());
    c.setNetworkTimeout(DIRECT, (int) ms);
  }

  /** Aborts a connection another thread may be using (JDBC allows that of abort only). */
  static void abortQuietly(Connection c) {
    try {
      c.abort(DIRECT);
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
    }
  }

  /**
   * A connection from the pool, autocommit on, with the request timeout on its socket; on first use
   * the dialect is detected and the schema created.
   *
   * @throws SQLException if no connection can be had or the schema cannot be created
   */
  Connection open() throws SQLException {
    Connection c = dataSource.getConnection();
    try {
      c.setNetworkTimeout(DIRECT, timeoutMillis);
      if (!c.getAutoCommit()) {
        c.setAutoCommit(true);
      }
      if (dialect == null) {
        init(c);
      }
      return c;
    } catch (SQLException | RuntimeException e) {
      closeQuietly(c);
      throw e;
    }
  }

  /** The dialect, once a connection has been opened. */
  JdbcDialect dialect() {
    JdbcDialect d = dialect;
    if (d == null) {
      throw new IllegalStateException("no connection opened yet");
    }
    return d;
  }

  private synchronized void init(Connection c) throws SQLException {
    if (dialect != null) {
      return;
    }
    JdbcDialect d = given.orElseGet(() -> JdbcDialect.forProduct(productName(c)));
    if (createSchema) {
      try (Statement st = c.createStatement()) {
        for (String statement : ddl.apply(d)) {
          st.execute(statement);
        }
      }
    }
    dialect = d;
  }

  private static String productName(Connection c) {
    try {
      return c.getMetaData().getDatabaseProductName();
    } catch (SQLException e) {
      throw new IllegalStateException("could not read the database product name", e);
    }
  }

  /** A typed error for a failed database call, naming what was attempted. */
  static LockBackendException failure(String what, Exception e) {
    String state =
        e instanceof SQLException s && s.getSQLState() != null
            ? " [SQLState " + s.getSQLState() + "]"
            : "";
    return new LockBackendException(what + " failed" + state + ": " + e.getMessage(), e);
  }

  static void rollbackQuietly(Connection c) {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException | RuntimeException e) {
      // The connection is broken; closing it below ends the transaction on the server too.
    }
  }

  static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException | RuntimeException e) {
      // Nothing left to do: the pool evicts a broken connection.
    }
  }

  @Override
  public String toString() {
    return "table " + table + (dialect != null ? " (" + dialect + ")" : "");
  }
}
