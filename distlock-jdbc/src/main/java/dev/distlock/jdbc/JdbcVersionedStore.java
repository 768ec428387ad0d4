package dev.distlock.jdbc;

import dev.distlock.LockBackendException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The optimistic version column, shown next to the fence: a value per key with a version that every
 * successful write increments, and a write that only applies when the version is still the one the
 * writer read ({@code UPDATE … SET v = ?, version = version + 1 WHERE k = ? AND version = ?}).
 *
 * <p>What it prevents: a lost update of one row's read-modify-write, with or without a lock — the
 * second of two racing writers fails and must re-read. What it lets through: anything outside that
 * row. It does not know about locks at all, so a holder whose lock was taken over still writes
 * whenever it read after the last write; an action spanning rows, other systems or side effects (an
 * e-mail, a payment) is not protected; and under contention writers retry instead of queueing. A
 * {@link JdbcFencedResource} instead rejects every access of a holder once a newer holder has
 * touched the key, whatever the holder read.
 *
 * <pre>
 * CREATE TABLE distlock_versioned (k VARCHAR(512) PRIMARY KEY, v BIGINT NOT NULL,
 *                                  version BIGINT NOT NULL)
 * </pre>
 *
 * Thread-safe; the caller owns the DataSource.
 */
public final class JdbcVersionedStore {
  /** The default table. */
  public static final String DEFAULT_TABLE = "distlock_versioned";

  /**
   * A value and the version it was read at.
   *
   * @param value the value
   * @param version the version (0 when first put)
   */
  public record Versioned(long value, long version) {}

  private final Db db;
  private final String table;

  private JdbcVersionedStore(DataSource dataSource, String table) {
    this.table = table;
    this.db =
        new Db(
            dataSource,
            table,
            Optional.empty(),
            Duration.ofSeconds(5),
            true,
            d ->
                List.of(
                    KeyValueTables.ddl(
                        d, table, "k", "v BIGINT NOT NULL, version BIGINT NOT NULL")));
  }

  /**
   * A store in {@code table}, created on first use.
   *
   * @throws IllegalArgumentException if {@code table} is not an SQL identifier
   */
  public static JdbcVersionedStore create(DataSource dataSource, String table) {
    Objects.requireNonNull(dataSource, "dataSource");
    return new JdbcVersionedStore(dataSource, KeyValueTables.checkTable(table));
  }

  /**
   * Reads a key.
   *
   * @return its value and version, or empty if never put
   * @throws LockBackendException if the database cannot be reached
   */
  public Optional<Versioned> read(String key) {
    Objects.requireNonNull(key, "key");
    try (Connection c = db.open();
        PreparedStatement ps =
            c.prepareStatement("SELECT v, version FROM " + table + " WHERE k = ?")) {
      ps.setString(1, key);
      try (ResultSet rs = ps.executeQuery()) {
        return rs.next()
            ? Optional.of(new Versioned(rs.getLong(1), rs.getLong(2)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw Db.failure("read '" + key + "' from " + table, e);
    }
  }

  /**
   * Sets a key unconditionally, to version 0 (a restock by an operator, not a lock holder).
   *
   * @throws LockBackendException if the database cannot be reached
   */
  public void put(String key, long value) {
    Objects.requireNonNull(key, "key");
    try (Connection c = db.open()) {
      String sql =
          db.dialect() == JdbcDialect.POSTGRESQL
              ? "INSERT INTO "
                  + table
                  + " (k, v, version) VALUES (?, ?, 0) ON CONFLICT (k) DO UPDATE SET v ="
                  + " EXCLUDED.v, version = 0"
              : "INSERT INTO "
                  + table
                  + " (k, v, version) VALUES (?, ?, 0) ON DUPLICATE KEY UPDATE v = VALUES(v),"
                  + " version = 0";
      try (PreparedStatement ps = c.prepareStatement(sql)) {
        ps.setString(1, key);
        ps.setLong(2, value);
        ps.executeUpdate();
      }
    } catch (SQLException e) {
      throw Db.failure("put '" + key + "' in " + table, e);
    }
  }

  /**
   * Writes {@code value} if the key is still at {@code expectedVersion}, moving it to the next
   * version.
   *
   * @return true if written; false if someone wrote since (re-read and decide again)
   * @throws LockBackendException if the database cannot be reached (the write may have applied)
   */
  public boolean compareAndSet(String key, long value, long expectedVersion) {
    Objects.requireNonNull(key, "key");
    try (Connection c = db.open();
        PreparedStatement ps =
            c.prepareStatement(
                "UPDATE "
                    + table
                    + " SET v = ?, version = version + 1 WHERE k = ? AND version = ?")) {
      ps.setLong(1, value);
      ps.setString(2, key);
      ps.setLong(3, expectedVersion);
      return ps.executeUpdate() == 1;
    } catch (SQLException e) {
      throw Db.failure("compare-and-set '" + key + "' in " + table, e);
    }
  }

  @Override
  public String toString() {
    return "JdbcVersionedStore[" + db + "]";
  }
}
