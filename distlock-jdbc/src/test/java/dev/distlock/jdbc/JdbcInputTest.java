package dev.distlock.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.guard.FencedResource;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.logging.Logger;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;

/** Bad input is a clear, typed error before any connection is asked for. */
class JdbcInputTest {
  private static final LockSettings SETTINGS =
      LockSettings.builder().ttl(Duration.ofSeconds(9)).build();

  /** Counts connection requests and refuses them all. */
  static final class CountingDataSource implements DataSource {
    final AtomicInteger asked = new AtomicInteger();

    @Override
    public Connection getConnection() throws SQLException {
      asked.incrementAndGet();
      throw new SQLException("no database here", "08001");
    }

    @Override
    public Connection getConnection(String user, String password) throws SQLException {
      return getConnection();
    }

    @Override
    public PrintWriter getLogWriter() {
      return null;
    }

    @Override
    public void setLogWriter(PrintWriter out) {}

    @Override
    public void setLoginTimeout(int seconds) {}

    @Override
    public int getLoginTimeout() {
      return 0;
    }

    @Override
    public Logger getParentLogger() throws SQLFeatureNotSupportedException {
      throw new SQLFeatureNotSupportedException();
    }

    @Override
    public <T> T unwrap(Class<T> iface) throws SQLException {
      throw new SQLException("not a wrapper");
    }

    @Override
    public boolean isWrapperFor(Class<?> iface) {
      return false;
    }
  }

  @Test
  void badLockNamesAndWaitsFailBeforeAnyConnection() {
    CountingDataSource ds = new CountingDataSource();
    for (LockClient c :
        new LockClient[] {JdbcLocks.table(ds, SETTINGS), JdbcLocks.forUpdate(ds, SETTINGS)}) {
      try (c) {
        assertThatThrownBy(() -> c.lock("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> c.lock(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> c.lock("n").acquire(Duration.ofSeconds(-1)))
            .isInstanceOf(IllegalArgumentException.class);
      }
    }
    assertThat(ds.asked).hasValue(0);
  }

  @Test
  void nullsAndTimeoutsThatLeaveNoRoomToRenewAreRejected() {
    CountingDataSource ds = new CountingDataSource();
    assertThatThrownBy(() -> JdbcLocks.table(null, SETTINGS))
        .isInstanceOf(NullPointerException.class);
    assertThatThrownBy(() -> JdbcLocks.forUpdate(ds, null))
        .isInstanceOf(NullPointerException.class);
    JdbcOptions slow = JdbcOptions.builder().requestTimeout(Duration.ofSeconds(3)).build();
    assertThatThrownBy(() -> JdbcLocks.table(ds, SETTINGS, slow))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renewal interval");
    LockSettings noWatchdog =
        LockSettings.builder().ttl(Duration.ofMillis(500)).watchdog(false).build();
    assertThatThrownBy(() -> JdbcLocks.forUpdate(ds, noWatchdog, slow))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("TTL");
    LockSettings lateRenewal =
        LockSettings.builder()
            .ttl(Duration.ofSeconds(3))
            .renewInterval(Duration.ofMillis(2500))
            .build();
    JdbcOptions fast = JdbcOptions.builder().requestTimeout(Duration.ofMillis(600)).build();
    assertThatThrownBy(() -> JdbcLocks.table(ds, lateRenewal, fast))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no time to retry");
    assertThat(ds.asked).hasValue(0);
  }

  @Test
  void forUpdateGuaranteesDependOnTheNamedDatabase() {
    CountingDataSource ds = new CountingDataSource();
    JdbcOptions maria = JdbcOptions.builder().dialect(JdbcDialect.MARIADB).build();
    JdbcOptions pg = JdbcOptions.builder().dialect(JdbcDialect.POSTGRESQL).build();
    java.util.Set<dev.distlock.Fault> jump = java.util.Set.of(dev.distlock.Fault.CLOCK_JUMP);
    dev.distlock.SafetyProperty me = dev.distlock.SafetyProperty.MUTUAL_EXCLUSION;
    try (LockClient m = JdbcLocks.forUpdate(ds, SETTINGS, maria);
        LockClient p = JdbcLocks.forUpdate(ds, SETTINGS, pg);
        LockClient unnamed = JdbcLocks.forUpdate(ds, SETTINGS);
        LockClient table = JdbcLocks.table(ds, SETTINGS, maria)) {
      assertThat(m.guarantees().holds(me, jump)).isTrue();
      assertThat(p.guarantees().holds(me, jump)).isFalse();
      assertThat(unnamed.guarantees())
          .as("unknown database: the weaker statement")
          .isEqualTo(p.guarantees());
      assertThat(table.guarantees().holds(me, jump)).isFalse();
    }
    assertThat(ds.asked).hasValue(0);
  }

  @Test
  void tableNamesMustBeIdentifiers() {
    for (String bad :
        new String[] {"", "1abc", "locks; DROP TABLE x", "a b", "a.b.c", "x".repeat(61)}) {
      assertThatThrownBy(() -> JdbcOptions.builder().table(bad).build())
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("identifier");
      assertThatThrownBy(() -> JdbcFencedResource.create(new CountingDataSource(), bad))
          .isInstanceOf(IllegalArgumentException.class);
      assertThatThrownBy(() -> JdbcVersionedStore.create(new CountingDataSource(), bad))
          .isInstanceOf(IllegalArgumentException.class);
    }
    assertThat(JdbcOptions.builder().table("app.locks_2").build().table()).isEqualTo("app.locks_2");
    assertThatThrownBy(() -> JdbcOptions.builder().requestTimeout(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void resourceRejectsNegativeTokensBeforeAnyConnection() {
    CountingDataSource ds = new CountingDataSource();
    FencedResource r = JdbcFencedResource.create(ds, "stock");
    assertThatThrownBy(() -> r.write("k", 1, -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.read("k", -5)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.read(null, 1)).isInstanceOf(NullPointerException.class);
    assertThat(ds.asked).hasValue(0);
  }

  @Test
  void anUnreachableDatabaseIsATypedErrorNotAnAcquisition() {
    CountingDataSource ds = new CountingDataSource();
    try (LockClient c = JdbcLocks.table(ds, SETTINGS)) {
      assertThatThrownBy(() -> c.lock("n").acquire(Duration.ofMillis(100)))
          .isInstanceOf(dev.distlock.LockBackendException.class)
          .hasRootCauseMessage("no database here");
    }
    assertThat(ds.asked.get()).isPositive();
  }
}
