package dev.distlock.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.distlock.DistributedLock;
import dev.distlock.Fault;
import dev.distlock.Guarantees;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.SafetyProperty;
import dev.distlock.cluster.DatabaseServer;
import dev.distlock.cluster.Ports;
import dev.distlock.jdbc.JdbcLocks;
import dev.distlock.jdbc.JdbcOptions;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.time.Duration;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The contract on a JDBC lock over a real database: each subclass names the server and the kind.
 * Every client gets its own HikariCP pool, closed with the client (as a user would).
 */
abstract class JdbcLockContractTest extends TtlLockContractTest {
  static final JdbcOptions OPTIONS =
      JdbcOptions.builder().requestTimeout(Duration.ofMillis(400)).build();

  /** The server of the class, started by the subclass's {@code @BeforeAll}. */
  protected static DatabaseServer db;

  /** True for the SELECT … FOR UPDATE lock, false for the lock table. */
  protected abstract boolean forUpdate();

  static HikariDataSource pool(String url, int size) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setUsername(DatabaseServer.USER);
    cfg.setPassword(DatabaseServer.PASSWORD);
    cfg.setMaximumPoolSize(size);
    cfg.setMinimumIdle(0);
    cfg.setConnectionTimeout(300);
    cfg.setValidationTimeout(250);
    cfg.setInitializationFailTimeout(-1); // an unreachable database is an error of the lock, later
    return new HikariDataSource(cfg);
  }

  private LockClient clientOver(HikariDataSource pool, LockSettings settings) {
    LockClient locks =
        forUpdate()
            ? JdbcLocks.forUpdate(pool, settings, OPTIONS)
            : JdbcLocks.table(pool, settings, OPTIONS);
    return new PooledClient(locks, pool);
  }

  @Override
  protected LockClient newClient(LockSettings settings) {
    return clientOver(pool(db.jdbcUrl(), 6), settings);
  }

  @Override
  protected LockClient newUnreachableClient() {
    return clientOver(pool(db.jdbcUrl(db.host(), Ports.free()), 2), SETTINGS);
  }

  /**
   * Lock table: frees the row behind the holder's back. FOR UPDATE: the server kills the holder's
   * session (the only one idle in a transaction), which frees the row lock at once.
   */
  @Override
  protected void revoke(String lockName, LockClient holder) {
    try (Connection c = db.connect()) {
      if (!forUpdate()) {
        try (PreparedStatement ps =
            c.prepareStatement("UPDATE distlock_locks SET owner = NULL WHERE name = ?")) {
          ps.setString(1, lockName);
          assertThat(ps.executeUpdate()).isEqualTo(1);
        }
        return;
      }
      assertThat(db.killSessionsInTransaction()).as("sessions holding a row lock").isEqualTo(1);
    } catch (SQLException e) {
      throw new AssertionError("could not revoke " + lockName, e);
    }
  }

  @Test
  void statesItsGuarantees() {
    Guarantees g = client().guarantees();
    assertThat(g.lockType()).isEqualTo(forUpdate() ? "jdbc-for-update" : "jdbc-table");
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.PARTITION, Fault.LATENCY)))
        .isTrue();
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.CLIENT_PAUSE))).isFalse();
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.CRASH_RESTART)))
        .isEqualTo(!forUpdate());
    assertThat(g.holds(SafetyProperty.TOKEN_MONOTONIC, Set.of(Fault.CRASH_RESTART))).isTrue();
    assertThat(g.holds(SafetyProperty.RESOURCE_SAFETY, Set.of(Fault.CLIENT_PAUSE))).isTrue();
  }

  /** The caller owns the pool; the test closes it after the lock client, as a user would. */
  static final class PooledClient implements LockClient {
    private final LockClient locks;
    private final HikariDataSource pool;

    PooledClient(LockClient locks, HikariDataSource pool) {
      this.locks = locks;
      this.pool = pool;
    }

    @Override
    public DistributedLock lock(String name) {
      return locks.lock(name);
    }

    @Override
    public Guarantees guarantees() {
      return locks.guarantees();
    }

    @Override
    public LockSettings settings() {
      return locks.settings();
    }

    @Override
    public void close() {
      locks.close();
      pool.close();
    }
  }
}
