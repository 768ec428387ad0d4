package dev.distlock.contract;

import static org.assertj.core.api.Assertions.assertThat;

import com.zaxxer.hikari.HikariDataSource;
import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.DatabaseServer;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.Timing;
import dev.distlock.jdbc.JdbcLocks;
import dev.distlock.nemesis.Partition;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The SELECT … FOR UPDATE lock's holder cut off from the database by a partition (black hole: its
 * connection stays open, nothing arrives). The holder's renewal cannot get through; the lock must
 * not be free for another client before the holder's lease deadline, the validity it was promised.
 * It was: the holding connection had the request timeout on its socket, so the renewal's driver
 * closed it a request timeout after the renewal started, which freed the row at once — about a
 * second early with a 2 s TTL (found by the soak campaign: two holders for a few milliseconds while
 * the first was still inside its validity). Now the holding connection's timeout is TTL + request
 * timeout.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ForUpdatePartitionIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final LockSettings SETTINGS =
      LockSettings.builder().ttl(Duration.ofSeconds(2)).build();

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"postgresql", "mariadb"})
  void aPartitionedHoldersRenewalDoesNotFreeTheLockBeforeItsLeaseDeadline(String database)
      throws Exception {
    DatabaseServer db = database.equals("postgresql") ? cluster.postgres() : cluster.mariadb();
    ProxiedEndpoint link =
        cluster.toxiproxy().proxy("for-update-holder-" + database, db.host(), db.port());
    LockClient holder = client(db, d -> d.jdbcUrl(link.host(), link.port()));
    LockClient contender = client(db, DatabaseServer::jdbcUrl);
    String name = "for-update-partition";

    Lease lease = holder.lock(name).acquire(Timing.seconds(5));
    Partition cut = Partition.of(Partition.Mode.BLACKHOLE, List.of(link));
    open.add(cut::heal);
    long deadline = System.nanoTime() + lease.remainingValidity().toNanos();
    cut.start();
    Optional<Lease> second = contender.lock(name).tryAcquire(Timing.seconds(15));
    long acquiredAt = System.nanoTime();
    assertThat(second).as("the lock is free once the holder's session is gone").isPresent();
    open.add(second.get());
    assertThat(Duration.ofNanos(acquiredAt - deadline))
        .as("the second holder got in after the first lease's deadline, not before")
        .isPositive();
    assertThat(lease.isValid()).isFalse();
    assertThat(second.get().fencingToken()).isGreaterThan(lease.fencingToken());
  }

  private LockClient client(DatabaseServer db, Function<DatabaseServer, String> url) {
    HikariDataSource pool = JdbcLockContractTest.pool(url.apply(db), 4);
    open.add(pool);
    LockClient locks = JdbcLocks.forUpdate(pool, SETTINGS, JdbcLockContractTest.OPTIONS);
    open.add(locks);
    return locks;
  }
}
