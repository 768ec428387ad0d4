package dev.distlock.jdbc;

import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.spi.Drift;
import dev.distlock.spi.LockClients;
import java.time.Duration;
import java.util.Objects;
import javax.sql.DataSource;

/**
 * Factories for the database locks, over the caller's {@link DataSource} (a pool such as HikariCP;
 * the caller owns and closes it). Watchdog, {@code onLost} and per-thread reentrancy come from the
 * shared engine, as for every distlock lock.
 *
 * <pre>{@code
 * HikariDataSource pool = new HikariDataSource(config);
 * try (LockClient locks = JdbcLocks.table(pool, LockSettings.defaults())) {
 *   try (Lease lease = locks.lock("order:42").acquire(Duration.ofSeconds(2))) {
 *     inventory.decrement("sku-1", lease.fencingToken());
 *   }
 * }
 * }</pre>
 *
 * <p>Two kinds:
 *
 * <ul>
 *   <li>{@link #table} — a lock table: a row per name with owner, expiry (database time) and fence.
 *       Breaks under a client pause longer than the TTL and a jump of the database's clock; the
 *       fence grows across both, so a {@link dev.distlock.guard.FencedResource} still rejects the
 *       stale holder.
 *   <li>{@link #forUpdate} — {@code SELECT … FOR UPDATE}: held while a transaction on a dedicated
 *       connection (one per held lease, from the same pool) holds a row lock. The session is
 *       dropped by the server after a TTL of idleness, so a vanished holder frees the lock. When
 *       the database drops the connection while the holder keeps working, the lock is free at once
 *       and the holder learns it only at its next check: two holders until then; the fence saves
 *       the resource.
 * </ul>
 *
 * <p>Schema (created on first use unless {@link JdbcOptions#createSchema()} is off; {@code
 * distlock_locks} is the configurable table name). Rows are never deleted: the fence must survive
 * releases.
 *
 * <pre>
 * -- PostgreSQL
 * CREATE TABLE distlock_locks (name VARCHAR(512) PRIMARY KEY, owner VARCHAR(64),
 *                              expires_at TIMESTAMPTZ, fence BIGINT NOT NULL DEFAULT 0);
 * CREATE TABLE distlock_locks_rows (name VARCHAR(512) PRIMARY KEY);
 * -- MariaDB (binary collation: lock names are compared byte for byte)
 * CREATE TABLE distlock_locks (name VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
 *                              NOT NULL PRIMARY KEY, owner VARCHAR(64), expires_at DATETIME(6),
 *                              fence BIGINT NOT NULL DEFAULT 0) ENGINE=InnoDB;
 * CREATE TABLE distlock_locks_rows (name VARCHAR(512) CHARACTER SET utf8mb4 COLLATE utf8mb4_bin
 *                              NOT NULL PRIMARY KEY) ENGINE=InnoDB;
 * </pre>
 *
 * <p>Both kinds share the fence column of a name, so tokens of one name grow whichever kind takes
 * it; but they do not exclude each other: use one kind per name.
 */
public final class JdbcLocks {
  private JdbcLocks() {}

  /** A lock-table client with default options. */
  public static LockClient table(DataSource dataSource, LockSettings settings) {
    return table(dataSource, settings, JdbcOptions.defaults());
  }

  /**
   * A lock-table client.
   *
   * @throws IllegalArgumentException if the request timeout is not shorter than the renewal
   *     interval (or, without a watchdog, the TTL), or renewal interval plus request timeout leaves
   *     no time to retry a renewal within the validity
   */
  public static LockClient table(
      DataSource dataSource, LockSettings settings, JdbcOptions options) {
    Db db = check(dataSource, settings, options);
    return LockClients.create(new TableLockBackend(db, options.table()), settings);
  }

  /** A {@code SELECT … FOR UPDATE} client with default options. */
  public static LockClient forUpdate(DataSource dataSource, LockSettings settings) {
    return forUpdate(dataSource, settings, JdbcOptions.defaults());
  }

  /**
   * A {@code SELECT … FOR UPDATE} client. Each held lease keeps one connection of the pool, plus a
   * second one briefly while acquiring: size the pool for that. Its {@code guarantees()} depend on
   * the database (a PostgreSQL server's clock jump can end an idle holder's session early; a
   * MariaDB server's cannot): name the dialect in {@code options} for the precise statement,
   * otherwise the weaker one is given.
   *
   * @throws IllegalArgumentException if the request timeout is not shorter than the renewal
   *     interval (or, without a watchdog, the TTL), or renewal interval plus request timeout leaves
   *     no time to retry a renewal within the validity
   */
  public static LockClient forUpdate(
      DataSource dataSource, LockSettings settings, JdbcOptions options) {
    Db db = check(dataSource, settings, options);
    return LockClients.create(
        new ForUpdateBackend(db, options.table(), options.dialect()), settings);
  }

  private static Db check(DataSource dataSource, LockSettings settings, JdbcOptions options) {
    Objects.requireNonNull(dataSource, "dataSource");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(options, "options");
    // A renewal must be able to time out and be retried within the lease; without a watchdog, an
    // acquire reply slower than the TTL would hand out a lease already gone.
    Duration bound = settings.watchdog() ? settings.renewInterval() : settings.ttl();
    if (options.requestTimeout().compareTo(bound) >= 0) {
      throw new IllegalArgumentException(
          "request timeout "
              + options.requestTimeout()
              + " must be shorter than "
              + (settings.watchdog() ? "the renewal interval " : "the TTL ")
              + bound);
    }
    // As for the Redis locks: a renewal sent at the renewal interval that hangs for the whole
    // request timeout must still end before the validity (TTL - drift), or there is no retry.
    Duration validity = Duration.ofNanos(Drift.validityNanos(settings.ttl()));
    if (settings.watchdog()
        && settings.renewInterval().plus(options.requestTimeout()).compareTo(validity) >= 0) {
      throw new IllegalArgumentException(
          "renewal interval "
              + settings.renewInterval()
              + " plus request timeout "
              + options.requestTimeout()
              + " must be shorter than the lease validity "
              + validity
              + ": a renewal that times out would leave no time to retry");
    }
    return new Db(dataSource, options);
  }
}
