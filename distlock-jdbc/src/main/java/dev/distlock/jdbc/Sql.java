package dev.distlock.jdbc;

import java.util.List;

/**
 * The SQL of the JDBC locks for one dialect and table; pure strings, so unit tests can read them.
 * Times are always the database's ({@code statement_timestamp()}, {@code UTC_TIMESTAMP(6)}), never
 * the client's; UTC on MariaDB so that sessions with different time zones agree.
 */
final class Sql {
  final JdbcDialect dialect;
  final String table;
  final String rows;

  Sql(JdbcDialect dialect, String table) {
    this.dialect = dialect;
    this.table = table;
    this.rows = table + "_rows";
  }

  private boolean pg() {
    return dialect == JdbcDialect.POSTGRESQL;
  }

  private String now() {
    return pg() ? "statement_timestamp()" : "UTC_TIMESTAMP(6)";
  }

  /** The database's time plus {@code ?} milliseconds. */
  private String nowPlusMillis() {
    return pg()
        ? "statement_timestamp() + ? * INTERVAL '1 millisecond'"
        : "UTC_TIMESTAMP(6) + INTERVAL ? MICROSECOND";
  }

  /** The parameter for {@link #nowPlusMillis()}. */
  long durationParam(long millis) {
    return pg() ? millis : Math.multiplyExact(millis, 1000L);
  }

  /** CREATE TABLE IF NOT EXISTS for the lock table and the FOR UPDATE rows. */
  List<String> ddl() {
    if (pg()) {
      return List.of(
          "CREATE TABLE IF NOT EXISTS "
              + table
              + " (name VARCHAR(512) PRIMARY KEY, owner VARCHAR(64), expires_at TIMESTAMPTZ,"
              + " fence BIGINT NOT NULL DEFAULT 0)",
          "CREATE TABLE IF NOT EXISTS " + rows + " (name VARCHAR(512) PRIMARY KEY)");
    }
    String name =
        "name VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin NOT NULL PRIMARY KEY";
    return List.of(
        "CREATE TABLE IF NOT EXISTS "
            + table
            + " ("
            + name
            + ", owner VARCHAR(64), expires_at DATETIME(6), fence BIGINT NOT NULL DEFAULT 0)"
            + " ENGINE=InnoDB",
        "CREATE TABLE IF NOT EXISTS " + rows + " (" + name + ") ENGINE=InnoDB");
  }

  /**
   * Table lock, acquire. PostgreSQL: one statement; a row comes back (the new fence) only if the
   * lock was free, expired or already ours. Parameters: name, owner, ttl.
   *
   * <p>MariaDB has no RETURNING for the update branch of ON DUPLICATE KEY UPDATE, so the statement
   * changes the row only when the lock was free and {@link #readBack()} then tells, in the same
   * transaction (the insert holds the row's exclusive lock until commit), whether the owner is now
   * ours. The assignments run left to right and later ones see earlier results: owner goes first,
   * and the other two follow it (owners are unique, so "owner is ours now" means "we took it").
   */
  String acquire() {
    if (pg()) {
      return "INSERT INTO "
          + table
          + " AS l (name, owner, expires_at, fence) VALUES (?, ?, "
          + nowPlusMillis()
          + ", 1) ON CONFLICT (name) DO UPDATE SET owner = EXCLUDED.owner,"
          + " expires_at = EXCLUDED.expires_at, fence = l.fence + 1"
          + " WHERE l.owner IS NULL OR l.expires_at <= statement_timestamp()"
          + " OR l.owner = EXCLUDED.owner RETURNING l.fence";
    }
    return "INSERT INTO "
        + table
        + " (name, owner, expires_at, fence) VALUES (?, ?, "
        + nowPlusMillis()
        + ", 1) ON DUPLICATE KEY UPDATE"
        + " owner = IF(owner IS NULL OR expires_at <= UTC_TIMESTAMP(6) OR owner = VALUES(owner),"
        + " VALUES(owner), owner),"
        + " fence = IF(owner = VALUES(owner), fence + 1, fence),"
        + " expires_at = IF(owner = VALUES(owner), VALUES(expires_at), expires_at)";
  }

  /** MariaDB table lock: owner and fence after {@link #acquire()}. Parameter: name. */
  String readBack() {
    return "SELECT owner, fence FROM " + table + " WHERE name = ?";
  }

  /** Table lock, renew if still ours and not expired. Parameters: ttl, name, owner. */
  String renew() {
    return "UPDATE "
        + table
        + " SET expires_at = "
        + nowPlusMillis()
        + " WHERE name = ? AND owner = ? AND expires_at > "
        + now();
  }

  /** Table lock, release if ours; the row (and its fence) stays. Parameters: name, owner. */
  String release() {
    return "UPDATE " + table + " SET owner = NULL, expires_at = NULL WHERE name = ? AND owner = ?";
  }

  /** FOR UPDATE lock: does the row exist? Parameter: name. A plain read: it never waits. */
  String rowExists() {
    return "SELECT 1 FROM " + rows + " WHERE name = ?";
  }

  /**
   * FOR UPDATE lock: create the row if missing. Parameter: name. Only run when {@link #rowExists()}
   * found nothing: on MariaDB even INSERT IGNORE waits for a holder's lock on an existing row.
   */
  String insertRow() {
    return pg()
        ? "INSERT INTO " + rows + " (name) VALUES (?) ON CONFLICT (name) DO NOTHING"
        : "INSERT IGNORE INTO " + rows + " (name) VALUES (?)";
  }

  /**
   * FOR UPDATE lock: the server drops the holding session when it stays idle in its transaction
   * longer than the TTL, so a holder that vanished (or paused) does not keep the lock forever.
   * MariaDB counts whole seconds, rounded up.
   */
  String idleTimeout(long ttlMillis) {
    return pg()
        ? "SET LOCAL idle_in_transaction_session_timeout = " + ttlMillis
        : "SET SESSION idle_transaction_timeout = " + Math.max(1, (ttlMillis + 999) / 1000);
  }

  /** MariaDB: undo {@link #idleTimeout(long)} before the connection goes back to the pool. */
  String resetIdleTimeout() {
    return pg() ? null : "SET SESSION idle_transaction_timeout = DEFAULT";
  }

  /** FOR UPDATE lock: take the row lock without waiting. Parameter: name. No row: busy. */
  String lockRow() {
    return "SELECT name FROM " + rows + " WHERE name = ? FOR UPDATE SKIP LOCKED";
  }

  /**
   * FOR UPDATE lock: the next fence, committed at once (on another connection than the holding
   * transaction, whose rollback would otherwise hand the same token out again). Parameter: name.
   * MariaDB returns it through LAST_INSERT_ID(expr), read by {@link #lastFence()}.
   */
  String nextFence() {
    if (pg()) {
      return "INSERT INTO "
          + table
          + " AS l (name, fence) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET fence = l.fence + 1"
          + " RETURNING l.fence";
    }
    return "INSERT INTO "
        + table
        + " (name, fence) VALUES (?, LAST_INSERT_ID(1))"
        + " ON DUPLICATE KEY UPDATE fence = LAST_INSERT_ID(fence + 1)";
  }

  /** MariaDB: the value of the last LAST_INSERT_ID(expr) on this connection. */
  String lastFence() {
    return "SELECT LAST_INSERT_ID()";
  }

  /** FOR UPDATE lock: the holder's check that its transaction (and row lock) is still alive. */
  String check() {
    return "SELECT 1";
  }
}
