package dev.distlock.client;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.DatabaseServer;
import dev.distlock.jdbc.JdbcLocks;
import dev.distlock.jdbc.JdbcOptions;
import java.time.Duration;
import redis.clients.jedis.RedisClient;

/** Builds a child's JDBC lock client over a HikariCP pool of its own (closed with the session). */
final class JdbcClients {
  /** Makes the session from the lock client, the pool it owns and the resource store. */
  interface SessionFactory {
    ClientSession make(LockClient locks, AutoCloseable pool, RedisClient store);
  }

  private JdbcClients() {}

  static ClientSession open(
      ClientSpec spec, LockSettings settings, RedisClient store, SessionFactory sessions) {
    HikariDataSource pool = pool(spec.endpoints().get(0), spec.requestTimeout());
    JdbcOptions options = JdbcOptions.builder().requestTimeout(spec.requestTimeout()).build();
    LockClient locks =
        spec.backend() == Backend.JDBC_FOR_UPDATE
            ? JdbcLocks.forUpdate(pool, settings, options)
            : JdbcLocks.table(pool, settings, options);
    return sessions.make(locks, pool, store);
  }

  /**
   * A small pool whose connection wait is the request timeout (HikariCP's minimum is 250 ms), so a
   * partitioned database costs a lock call no more than that before it fails.
   */
  static HikariDataSource pool(String url, Duration requestTimeout) {
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setUsername(DatabaseServer.USER);
    cfg.setPassword(DatabaseServer.PASSWORD);
    cfg.setMaximumPoolSize(4);
    cfg.setMinimumIdle(0);
    long wait = Math.max(250, requestTimeout.toMillis());
    cfg.setConnectionTimeout(wait);
    cfg.setValidationTimeout(wait);
    cfg.setInitializationFailTimeout(-1);
    cfg.setPoolName("distlock-client");
    return new HikariDataSource(cfg);
  }
}
