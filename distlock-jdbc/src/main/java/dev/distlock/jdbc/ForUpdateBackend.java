package dev.distlock.jdbc;

import dev.distlock.Guarantees;
import dev.distlock.spi.AcquireRequest;
import dev.distlock.spi.AcquireResult;
import dev.distlock.spi.Drift;
import dev.distlock.spi.LockBackend;
import dev.distlock.spi.RenewResult;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The {@code SELECT … FOR UPDATE} lock: held while an open transaction on a dedicated connection
 * holds the row lock on {@code <table>_rows(name)}.
 *
 * <p>Acquire: make sure the row exists (autocommit), open a transaction that tells the server to
 * drop the session after a TTL of idleness, take the row lock with {@code SKIP LOCKED} (no row:
 * busy), then take the next value of the lock table's fence counter on a second connection and
 * commit it there at once — in the holding transaction it would be rolled back with it, and the
 * next holder would get the same token. The row lock serialises the increments, so tokens grow in
 * acquisition order. The engine's renewal runs a {@code SELECT 1} in the holding transaction: it
 * resets the server's idle timer and finds out whether the session is gone. Release is a rollback
 * and returns the connection to the pool.
 *
 * <p>The holding connection's network timeout is the TTL plus the request timeout ({@link
 * Db#holdTimeout}): a renewal cut off by a partition fails only after the lease's deadline has
 * passed, so the holder's own driver never frees the row while the lease is valid.
 *
 * <p>When the database drops the connection (idle timeout after a client pause, restart, a killed
 * session, a partition longer than the TTL) the row lock is gone at once and another client can
 * take it, while the holder learns only at its next check (at most one renewal interval later) —
 * two holders in the meantime. The fence, committed outside the transaction, keeps growing, so a
 * {@link dev.distlock.guard.FencedResource} rejects the old holder.
 */
final class ForUpdateBackend implements LockBackend {
  private final Db db;
  private final String table;
  private final Guarantees guarantees;
  private volatile Sql sql;
  private final Map<String, Connection> held = new ConcurrentHashMap<>();
  // Holding connections with a renewal under way: a release does not wait for it (it may wait up to
  // the TTL on a cut-off connection), it aborts the connection, which ends the transaction too.
  private final java.util.Set<Connection> renewing = ConcurrentHashMap.newKeySet();

  ForUpdateBackend(Db db, String table, java.util.Optional<JdbcDialect> dialect) {
    this.db = db;
    this.table = table;
    // Known only when named up front: guarantees() is asked before any connection.
    this.guarantees = JdbcGuarantees.forUpdate(dialect);
  }

  @Override
  public String type() {
    return "jdbc-for-update";
  }

  @Override
  public Guarantees guarantees() {
    return guarantees;
  }

  @Override
  public AcquireResult tryAcquire(AcquireRequest request) {
    Connection c = null;
    boolean holding = false;
    try {
      c = db.open();
      Sql sql = sql();
      ensureRow(c, sql, request.name());
      if (sql.dialect == JdbcDialect.MARIADB) {
        execute(c, sql.idleTimeout(request.ttl().toMillis()));
      }
      c.setAutoCommit(false);
      if (sql.dialect == JdbcDialect.POSTGRESQL) {
        execute(c, sql.idleTimeout(request.ttl().toMillis()));
      }
      try (PreparedStatement ps = c.prepareStatement(sql.lockRow())) {
        ps.setString(1, request.name());
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            return new AcquireResult.Busy(request.ttl());
          }
        }
      }
      long fence = nextFence(request.name());
      db.holdTimeout(c, request.ttl());
      held.put(request.owner(), c);
      holding = true;
      return new AcquireResult.Acquired(fence, Drift.validityNanos(request.ttl()));
    } catch (SQLException | RuntimeException e) {
      // Rolling back (or losing) the transaction frees the row: nothing stays applied.
      return new AcquireResult.Unavailable(
          Db.failure("acquire '" + request.name() + "'", e), false);
    } finally {
      if (c != null && !holding) {
        // Also undoes MariaDB's session idle timeout: the pool is the application's too.
        try {
          end(c, sql());
        } catch (SQLException | RuntimeException e) {
          Db.closeQuietly(c);
        }
      }
    }
  }

  private static void ensureRow(Connection c, Sql sql, String name) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.rowExists())) {
      ps.setString(1, name);
      try (ResultSet rs = ps.executeQuery()) {
        if (rs.next()) {
          return;
        }
      }
    }
    try (PreparedStatement ps = c.prepareStatement(sql.insertRow())) {
      ps.setString(1, name);
      ps.executeUpdate();
    }
  }

  /** The next fence, committed on its own connection. */
  private long nextFence(String name) throws SQLException {
    try (Connection f = db.open()) {
      Sql sql = sql();
      try (PreparedStatement ps = f.prepareStatement(sql.nextFence())) {
        ps.setString(1, name);
        if (sql.dialect == JdbcDialect.POSTGRESQL) {
          try (ResultSet rs = ps.executeQuery()) {
            rs.next();
            return rs.getLong(1);
          }
        }
        ps.executeUpdate();
      }
      try (Statement st = f.createStatement();
          ResultSet rs = st.executeQuery(sql.lastFence())) {
        rs.next();
        return rs.getLong(1);
      }
    }
  }

  @Override
  public RenewResult renew(String name, String owner, long ttlMillis) {
    Connection c = held.get(owner);
    if (c == null) {
      return new RenewResult.NotOwner();
    }
    // Connections are not meant for concurrent use: a check and a release take turns.
    synchronized (c) {
      renewing.add(c);
      try {
        return check(c, owner, ttlMillis);
      } finally {
        renewing.remove(c);
      }
    }
  }

  private RenewResult check(Connection c, String owner, long ttlMillis) {
    try (Statement st = c.createStatement();
        ResultSet rs = st.executeQuery(sql().check())) {
      rs.next();
      return new RenewResult.Renewed(Drift.validityNanos(Duration.ofMillis(ttlMillis)));
    } catch (SQLException | RuntimeException e) {
      // A failed statement leaves the transaction dead or unusable (PostgreSQL aborts it; a
      // network timeout closes the socket), and the row lock goes with it, now or when the server
      // notices: the lease is lost, whatever the cause.
      if (held.remove(owner, c)) {
        Db.rollbackQuietly(c);
        Db.closeQuietly(c);
      }
      return new RenewResult.NotOwner();
    }
  }

  /**
   * Rolls the holding transaction back and returns the connection. Never throws: if the connection
   * is broken, closing it is all that is left to do, and the row lock ends with the session (at
   * once if the server sees the close; after the idle timeout if it cannot, as in a partition).
   */
  @Override
  public void release(String name, String owner) {
    Connection c = held.remove(owner);
    if (c == null) {
      return;
    }
    if (renewing.contains(c)) {
      Db.abortQuietly(c);
      return;
    }
    synchronized (c) {
      try {
        end(c, sql());
      } catch (SQLException | RuntimeException e) {
        Db.closeQuietly(c);
      }
    }
  }

  /** Rolls the holding transaction back (freeing the row) and returns the connection. */
  private static void end(Connection c, Sql sql) throws SQLException {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
        c.setAutoCommit(true);
      }
      if (sql.resetIdleTimeout() != null) {
        execute(c, sql.resetIdleTimeout());
      }
    } finally {
      c.close();
    }
  }

  private static void execute(Connection c, String statement) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute(statement);
    }
  }

  /** The statements; valid once {@link Db#open()} has returned. */
  private Sql sql() {
    Sql s = sql;
    if (s == null) {
      s = new Sql(db.dialect(), table);
      sql = s;
    }
    return s;
  }

  @Override
  public void close() {
    for (String owner : held.keySet()) {
      Connection c = held.remove(owner);
      if (c != null) {
        Db.rollbackQuietly(c);
        Db.closeQuietly(c);
      }
    }
  }

  @Override
  public String toString() {
    return "jdbc-for-update " + db;
  }
}
