package dev.distlock.matrix;

import static dev.distlock.jdbc.JdbcDialect.MARIADB;
import static dev.distlock.jdbc.JdbcDialect.POSTGRESQL;

import dev.distlock.Guarantees;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.jdbc.JdbcDialect;
import dev.distlock.jdbc.JdbcLocks;
import dev.distlock.jdbc.JdbcOptions;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import dev.distlock.workload.LockKind;
import dev.distlock.zookeeper.ZooKeeperLocks;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.postgresql.ds.PGSimpleDataSource;

/**
 * The guarantees each lock declares in impl ({@code lock.guarantees()}), read from lock clients
 * that are built but never used: no connection is made.
 */
public final class Declared {
  private Declared() {}

  /**
   * Returns what the lock of a deployment declares. The replica, Sentinel and Cluster deployments
   * run the single-Redis lock, so they declare the same (over a user's Jedis client it is the same
   * backend, see {@code RedisConnection}).
   *
   * @param kind the deployment
   * @return the declared guarantees
   */
  public static Guarantees guarantees(LockKind kind) {
    RedisNode a = RedisNode.of("127.0.0.1", 1);
    RedisNode b = RedisNode.of("127.0.0.1", 2);
    RedisNode c = RedisNode.of("127.0.0.1", 3);
    return switch (kind) {
      case SINGLE, SINGLE_REPLICA, SENTINEL, CLUSTER -> of(RedisLocks.single(a));
      case REDLOCK -> of(RedisLocks.redlock(List.of(a, b, c)));
      case FAIR -> of(RedisLocks.fair(a));
      case DUAL_WRITE -> of(RedisLocks.dualWrite(List.of(a, b)));
      case ZOOKEEPER, ZOOKEEPER_ENSEMBLE -> {
        try (CuratorFramework curator =
            CuratorFrameworkFactory.newClient("127.0.0.1:1", new RetryOneTime(1))) {
          yield of(ZooKeeperLocks.create(curator, "/distlock"));
        }
      }
      // A plain driver DataSource connects only when asked for a connection.
      case JDBC_TABLE_POSTGRES, JDBC_TABLE_MARIADB ->
          of(JdbcLocks.table(new PGSimpleDataSource(), LockSettings.defaults()));
      case JDBC_FOR_UPDATE_POSTGRES ->
          of(
              JdbcLocks.forUpdate(
                  new PGSimpleDataSource(), LockSettings.defaults(), dialect(POSTGRESQL)));
      case JDBC_FOR_UPDATE_MARIADB ->
          of(
              JdbcLocks.forUpdate(
                  new PGSimpleDataSource(), LockSettings.defaults(), dialect(MARIADB)));
    };
  }

  private static JdbcOptions dialect(JdbcDialect d) {
    return JdbcOptions.builder().dialect(d).build();
  }

  private static Guarantees of(LockClient client) {
    try (client) {
      return client.lock("declared").guarantees();
    }
  }
}
