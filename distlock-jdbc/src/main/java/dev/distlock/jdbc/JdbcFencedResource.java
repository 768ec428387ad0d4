package dev.distlock.jdbc;

import dev.distlock.guard.FencedResource;
import dev.distlock.guard.StaleTokenException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;
import javax.sql.DataSource;

/**
 * {@link FencedResource} in a database table: every access compares the token with the key's
 * highest, records it and applies the access atomically — one statement on PostgreSQL ({@code
 * INSERT … ON CONFLICT DO UPDATE … WHERE fence <= token RETURNING}), one transaction on MariaDB
 * (the upsert, then a read-back under the row lock it took). Reads are fenced too (see {@link
 * FencedResource} for why), unless {@link Fencing#WRITES_ONLY} is asked for to show the lost
 * update.
 *
 * <pre>
 * CREATE TABLE distlock_fenced (k VARCHAR(512) PRIMARY KEY, v BIGINT, fence BIGINT NOT NULL)
 * </pre>
 *
 * (MariaDB: {@code k} with {@code utf8mb4_bin}, InnoDB); created on first use. A fenced read of a
 * key never written records the token in a row with a NULL value. Thread-safe; the caller owns the
 * DataSource.
 */
public final class JdbcFencedResource implements FencedResource {
  /** The default table. */
  public static final String DEFAULT_TABLE = "distlock_fenced";

  private final Db db;
  private final String table;
  private final Fencing fencing;

  private JdbcFencedResource(DataSource dataSource, String table, Fencing fencing) {
    this.table = table;
    this.fencing = Objects.requireNonNull(fencing, "fencing");
    this.db =
        new Db(
            dataSource,
            table,
            Optional.empty(),
            Duration.ofSeconds(5),
            true,
            d -> List.of(KeyValueTables.ddl(d, table, "k", "v BIGINT, fence BIGINT NOT NULL")));
  }

  /** An access-fenced resource in {@code table}. */
  public static FencedResource create(DataSource dataSource, String table) {
    return create(dataSource, table, Fencing.ACCESS);
  }

  /**
   * A resource with the given fencing; {@link Fencing#WRITES_ONLY} loses updates and exists only to
   * demonstrate that.
   *
   * @throws IllegalArgumentException if {@code table} is not an SQL identifier
   */
  public static FencedResource create(DataSource dataSource, String table, Fencing fencing) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcFencedResource(dataSource, KeyValueTables.checkTable(table), fencing);
  }

  @Override
  public OptionalLong read(String key, long token) {
    check(key, token);
    if (fencing == Fencing.WRITES_ONLY) {
      return plainRead(key);
    }
    return access(key, token, null);
  }

  @Override
  public void write(String key, long value, long token) {
    check(key, token);
    access(key, token, value);
  }

  @Override
  public OptionalLong highestToken(String key) {
    Objects.requireNonNull(key, "key");
    return select(key, "fence");
  }

  private OptionalLong plainRead(String key) {
    return select(key, "v");
  }

  private OptionalLong select(String key, String column) {
    try (Connection c = db.open();
        PreparedStatement ps =
            c.prepareStatement("SELECT " + column + " FROM " + table + " WHERE k = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          return OptionalLong.empty();
        }
        long v = rs.getLong(1);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
      }
    } catch (SQLException e) {
      throw Db.failure("read '" + key + "' from " + table, e);
    }
  }

  /** Checks, records and applies one access; {@code value} null for a read. */
  private OptionalLong access(String key, long token, Long value) {
    try (Connection c = db.open()) {
      return db.dialect() == JdbcDialect.POSTGRESQL
          ? accessPostgres(c, key, token, value)
          : accessMariaDb(c, key, token, value);
    } catch (SQLException e) {
      throw Db.failure((value == null ? "read '" : "write '") + key + "' in " + table, e);
    }
  }

  private OptionalLong accessPostgres(Connection c, String key, long token, Long value)
      throws SQLException {
    String sql =
        "INSERT INTO "
            + table
            + " AS r (k, v, fence) VALUES (?, ?, ?) ON CONFLICT (k) DO UPDATE SET "
            + (value == null ? "" : "v = EXCLUDED.v, ")
            + "fence = EXCLUDED.fence WHERE r.fence <= EXCLUDED.fence RETURNING r.v";
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      ps.setString(1, key);
      setValue(ps, 2, value);
      ps.setLong(3, token);
      try (ResultSet rs = ps.executeQuery()) {
        if (!rs.next()) {
          throw stale(key, token);
        }
        long v = rs.getLong(1);
        return rs.wasNull() ? OptionalLong.empty() : OptionalLong.of(v);
      }
    }
  }

  private OptionalLong accessMariaDb(Connection c, String key, long token, Long value)
      throws SQLException {
    // Assignments run left to right: the value is decided on the old fence, before it moves.
    String sql =
        "INSERT INTO "
            + table
            + " (k, v, fence) VALUES (?, ?, ?) ON DUPLICATE KEY UPDATE "
            + (value == null ? "" : "v = IF(fence <= VALUES(fence), VALUES(v), v), ")
            + "fence = GREATEST(fence, VALUES(fence))";
    c.setAutoCommit(false);
    try {
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, key);
        setValue(ps, 2, value);
        ps.setLong(3, token);
        ps.executeUpdate();
      }
      try (PreparedStatement ps =
          c.prepareStatement("SELECT v, fence FROM " + table + " WHERE k = ?")) {
        ps.setString(1, key);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          long v = rs.getLong(1);
          boolean none = rs.wasNull();
          long fence = rs.getLong(2);
          c.commit();
          if (fence != token) {
            throw new StaleTokenException(key, token, fence);
          }
          return none ? OptionalLong.empty() : OptionalLong.of(v);
        }
      }
    } catch (SQLException | RuntimeException e) {
      Db.rollbackQuietly(c);
      throw e;
    } finally {
      c.setAutoCommit(true);
    }
  }

  private static void setValue(PreparedStatement ps, int index, Long value) throws SQLException {
    if (value == null) {
      ps.setNull(index, java.sql.Types.BIGINT);
    } else {
      ps.setLong(index, value);
    }
  }

  private StaleTokenException stale(String key, long token) {
    return new StaleTokenException(key, token, highestToken(key).orElse(-1));
  }

  private static void check(String key, long token) {
    Objects.requireNonNull(key, "key");
    if (token < 0) {
      throw new IllegalArgumentException("token must not be negative, got " + token);
    }
  }

  @Override
  public String toString() {
    return "JdbcFencedResource[" + db + ", " + fencing + "]";
  }
}
