package dev.distlock.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.zaxxer.hikari.HikariDataSource;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.DatabaseServer;
import dev.distlock.guard.FencedResource.Fencing;
import dev.distlock.jdbc.JdbcFencedResource;
import dev.distlock.jdbc.JdbcVersionedStore;
import dev.distlock.jdbc.JdbcVersionedStore.Versioned;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The protected side on real databases: the fenced resource (token check, record and access in one
 * statement or transaction, reads fenced too) next to the optimistic version column, showing what
 * each prevents and what each lets through.
 */
class JdbcResourceIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();
  private static final AtomicInteger KEYS = new AtomicInteger();
  private static HikariDataSource postgres;
  private static HikariDataSource mariadb;

  @BeforeAll
  static void start() {
    postgres = pool(cluster.postgres());
    mariadb = pool(cluster.mariadb());
  }

  @AfterAll
  static void closePools() {
    postgres.close();
    mariadb.close();
  }

  private static HikariDataSource pool(DatabaseServer db) {
    HikariDataSource ds = new HikariDataSource();
    ds.setJdbcUrl(db.jdbcUrl());
    ds.setUsername(DatabaseServer.USER);
    ds.setPassword(DatabaseServer.PASSWORD);
    ds.setMaximumPoolSize(3);
    return ds;
  }

  static Stream<Arguments> databases() {
    return Stream.of(Arguments.of("postgres"), Arguments.of("mariadb"));
  }

  private static HikariDataSource ds(String db) {
    return db.equals("postgres") ? postgres : mariadb;
  }

  private static String key() {
    return "sku-" + KEYS.incrementAndGet();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void staleTokensAreRejectedAndChangeNothing(String db) {
    FencedResource r = JdbcFencedResource.create(ds(db), "fenced");
    String k = key();
    assertThat(r.read(k, 1)).isEmpty();
    r.write(k, 10, 5);
    assertThat(r.read(k, 5)).hasValue(10);
    assertThat(r.highestToken(k)).hasValue(5);
    r.write(k, 9, 7);
    assertThatThrownBy(() -> r.write(k, 99, 6))
        .isInstanceOfSatisfying(
            StaleTokenException.class, e -> assertThat(e.highest()).isEqualTo(7));
    assertThatThrownBy(() -> r.read(k, 6)).isInstanceOf(StaleTokenException.class);
    assertThat(r.read(k, 7)).hasValue(9);
    assertThat(r.highestToken(k)).hasValue(7);
  }

  /** Token 6 reads; token 5 (overtaken, still believing) must not write after that read. */
  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void fencedReadsCloseTheLostUpdateThatWriteOnlyFencingLetsThrough(String db) {
    String k = key();
    FencedResource access = JdbcFencedResource.create(ds(db), "fenced_access");
    access.write(k, 10, 1);
    long readByNew = access.read(k, 6).getAsLong();
    assertThatThrownBy(() -> access.write(k, 9, 5)).isInstanceOf(StaleTokenException.class);
    access.write(k, readByNew - 1, 6);
    assertThat(access.read(k, 6)).hasValue(9);

    String k2 = key();
    FencedResource writesOnly =
        JdbcFencedResource.create(ds(db), "fenced_writes", Fencing.WRITES_ONLY);
    writesOnly.write(k2, 10, 1);
    long read = writesOnly.read(k2, 6).getAsLong();
    writesOnly.write(k2, 9, 5); // accepted: the read left no trace
    writesOnly.write(k2, read - 1, 6); // the new holder overwrites the old holder's sale
    assertThat(writesOnly.read(k2, 6)).as("two sales, one unit gone").hasValue(9);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void inventoryOnTheJdbcResourceNeverOversells(String db) {
    Inventory stock = new Inventory(JdbcFencedResource.create(ds(db), "fenced_inventory"));
    String k = key();
    stock.restock(k, 2, 1);
    assertThat(stock.decrement(k, 2)).isTrue();
    assertThat(stock.decrement(k, 3)).isTrue();
    assertThat(stock.decrement(k, 4)).isFalse();
    assertThatThrownBy(() -> stock.decrement(k, 3)).isInstanceOf(StaleTokenException.class);
    assertThat(stock.stock(k, 4)).isZero();
  }

  /**
   * The version column stops a racing read-modify-write, but knows nothing of locks: an overtaken
   * holder that read after the last write still writes. The fenced resource rejects it.
   */
  @ParameterizedTest(name = "{0}")
  @MethodSource("databases")
  void versionColumnStopsRacingWritersButNotAnOvertakenHolder(String db) {
    JdbcVersionedStore store = JdbcVersionedStore.create(ds(db), "versioned");
    String k = key();
    assertThat(store.read(k)).isEmpty();
    store.put(k, 10);
    Versioned a = store.read(k).orElseThrow();
    Versioned b = store.read(k).orElseThrow();
    assertThat(store.compareAndSet(k, a.value() - 1, a.version())).isTrue();
    assertThat(store.compareAndSet(k, b.value() - 1, b.version()))
        .as("the racing writer read version %d and must re-read", b.version())
        .isFalse();
    assertThat(store.read(k)).hasValue(new Versioned(9, 1));

    // Holder with token 5 was overtaken by token 6, which sold a unit; 5 re-reads and sells too.
    FencedResource fenced = JdbcFencedResource.create(ds(db), "fenced_vs_version");
    fenced.write(k, 9, 6);
    Versioned stale = store.read(k).orElseThrow();
    assertThat(store.compareAndSet(k, stale.value() - 1, stale.version()))
        .as("the version column lets the overtaken holder through")
        .isTrue();
    assertThatThrownBy(() -> fenced.read(k, 5))
        .as("the fence does not")
        .isInstanceOf(StaleTokenException.class);
    assertThat(fenced.read(k, 6)).isEqualTo(OptionalLong.of(9));
  }
}
