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
import java.time.Duration;

/**
 * The lock table: one row per lock name, never deleted, holding the owner, the expiry in database
 * time and the fence counter. Acquire is one conditional insert-or-update (see {@link
 * Sql#acquire()}); renewal and release compare the owner. Validity is the TTL minus the drift
 * allowance, measured by the engine from before the request was sent; the row's expiry is set from
 * the database's clock when the statement runs, which is later, so the holder stops believing
 * before the database lets anyone else in (as long as the database's clock does not jump).
 */
final class TableLockBackend implements LockBackend {
  private final Db db;
  private final String table;
  private volatile Sql sql;

  TableLockBackend(Db db, String table) {
    this.db = db;
    this.table = table;
  }

  @Override
  public String type() {
    return "jdbc-table";
  }

  @Override
  public Guarantees guarantees() {
    return JdbcGuarantees.TABLE;
  }

  @Override
  public AcquireResult tryAcquire(AcquireRequest request) {
    try (Connection c = db.open()) {
      Sql sql = sql();
      long fence =
          sql.dialect == JdbcDialect.POSTGRESQL
              ? acquirePostgres(c, sql, request)
              : acquireMariaDb(c, sql, request);
      return fence > 0
          ? new AcquireResult.Acquired(fence, Drift.validityNanos(request.ttl()))
          : new AcquireResult.Busy(request.ttl());
    } catch (SQLException | RuntimeException e) {
      return new AcquireResult.Unavailable(Db.failure("acquire '" + request.name() + "'", e), true);
    }
  }

  /** The new fence, or 0 if someone else holds the lock. */
  private static long acquirePostgres(Connection c, Sql sql, AcquireRequest r) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql.acquire())) {
      ps.setString(1, r.name());
      ps.setString(2, r.owner());
      ps.setLong(3, sql.durationParam(r.ttl().toMillis()));
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next() ? rs.getLong(1) : 0;
      }
    }
  }

  private static long acquireMariaDb(Connection c, Sql sql, AcquireRequest r) throws SQLException {
    c.setAutoCommit(false);
    try {
      try (PreparedStatement ps = c.prepareStatement(sql.acquire())) {
        ps.setString(1, r.name());
        ps.setString(2, r.owner());
        ps.setLong(3, sql.durationParam(r.ttl().toMillis()));
        ps.executeUpdate();
      }
      long fence = 0;
      try (PreparedStatement ps = c.prepareStatement(sql.readBack())) {
        ps.setString(1, r.name());
        try (ResultSet rs = ps.executeQuery()) {
          if (rs.next() && r.owner().equals(rs.getString(1))) {
            fence = rs.getLong(2);
          }
        }
      }
      c.commit();
      return fence;
    } catch (SQLException | RuntimeException e) {
      Db.rollbackQuietly(c);
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  @Override
  public RenewResult renew(String name, String owner, long ttlMillis) {
    try (Connection c = db.open();
        PreparedStatement ps = c.prepareStatement(sql().renew())) {
      ps.setLong(1, sql().durationParam(ttlMillis));
      ps.setString(2, name);
      ps.setString(3, owner);
      return ps.executeUpdate() == 1
          ? new RenewResult.Renewed(Drift.validityNanos(Duration.ofMillis(ttlMillis)))
          : new RenewResult.NotOwner();
    } catch (SQLException | RuntimeException e) {
      return new RenewResult.Unavailable(Db.failure("renew '" + name + "'", e));
    }
  }

  @Override
  public void release(String name, String owner) {
    try (Connection c = db.open();
        PreparedStatement ps = c.prepareStatement(sql().release())) {
      ps.setString(1, name);
      ps.setString(2, owner);
      ps.executeUpdate();
    } catch (SQLException | RuntimeException e) {
      throw Db.failure("release '" + name + "'", e);
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
    // The DataSource belongs to the caller.
  }

  @Override
  public String toString() {
    return "jdbc-table " + db;
  }
}
