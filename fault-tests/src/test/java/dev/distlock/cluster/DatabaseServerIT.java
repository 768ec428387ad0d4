package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/** The database harness's verbs on real PostgreSQL and MariaDB processes. */
class DatabaseServerIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  static Stream<Arguments> servers() {
    return Stream.of(
        Arguments.of("postgres", (Supplier<DatabaseServer>) cluster::postgres),
        Arguments.of("mariadb", (Supplier<DatabaseServer>) cluster::mariadb));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void committedRowsSurviveKillAndRestartOnTheSamePort(String kind, Supplier<DatabaseServer> make)
      throws Exception {
    DatabaseServer db = make.get();
    int port = db.port();
    try (Connection c = db.connect();
        Statement s = c.createStatement()) {
      s.execute("CREATE TABLE t (id INT PRIMARY KEY, v INT)");
      s.execute("INSERT INTO t VALUES (1, 42)");
    }
    long before = db.pid();
    db.kill();
    assertThat(db.isAlive()).isFalse();
    assertThatThrownBy(db::connect).isInstanceOf(SQLException.class);
    db.restart();
    assertThat(db.port()).isEqualTo(port);
    assertThat(db.pid()).isNotEqualTo(before);
    assertThat(value(db)).isEqualTo(42);
    db.stop();
    assertThat(db.isAlive()).isFalse();
    db.restart();
    assertThat(value(db)).isEqualTo(42);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("servers")
  void pauseFreezesQueriesThroughTheProxyAndResumeAnswersThem(
      String kind, Supplier<DatabaseServer> make) throws Exception {
    DatabaseServer db = make.get();
    ProxiedEndpoint front = cluster.toxiproxy().proxy(kind, db.host(), db.port());
    try (Connection c =
        DriverManager.getConnection(
            db.jdbcUrl(front.host(), front.port()), DatabaseServer.USER, DatabaseServer.PASSWORD)) {
      assertThat(select1(c)).isEqualTo(1);
      db.pause();
      CompletableFuture<Integer> frozen = CompletableFuture.supplyAsync(() -> select1(c));
      assertThatThrownBy(() -> frozen.get(1, TimeUnit.SECONDS))
          .isInstanceOf(java.util.concurrent.TimeoutException.class);
      db.resume();
      assertThat(frozen.get(20, TimeUnit.SECONDS)).isEqualTo(1);
      front.blackhole();
      CompletableFuture<Integer> cut = CompletableFuture.supplyAsync(() -> select1(c));
      assertThatThrownBy(() -> cut.get(1, TimeUnit.SECONDS))
          .isInstanceOf(java.util.concurrent.TimeoutException.class);
      front.heal();
    }
  }

  private static int value(DatabaseServer db) throws SQLException {
    try (Connection c = db.connect();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT v FROM t WHERE id = 1")) {
      assertThat(rs.next()).isTrue();
      return rs.getInt(1);
    }
  }

  private static int select1(Connection c) {
    try (Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("SELECT 1")) {
      rs.next();
      return rs.getInt(1);
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }
}
