package dev.distlock.bench.locks;

import com.zaxxer.hikari.HikariDataSource;
import dev.distlock.DistributedLock;
import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.DatabaseServer;
import dev.distlock.cluster.PostgresServer;
import dev.distlock.jdbc.JdbcLocks;
import java.sql.Connection;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Lock;
import net.javacrumbs.shedlock.core.LockConfiguration;
import net.javacrumbs.shedlock.core.SimpleLock;
import net.javacrumbs.shedlock.provider.jdbctemplate.JdbcTemplateLockProvider;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;
import org.openjdk.jmh.runner.RunnerException;
import org.springframework.integration.jdbc.lock.DefaultLockRepository;
import org.springframework.integration.jdbc.lock.JdbcLockRegistry;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;

/**
 * Acquire+release cycles of distlock's lock table against Spring Integration's {@code
 * JdbcLockRegistry} and ShedLock's JDBC provider, on one PostgreSQL server started by the harness,
 * each over its own HikariCP pool of the same size. All three keep a row per lock with an expiry in
 * database time (ShedLock with {@code usingDbTime()}); only distlock also returns a fencing token.
 * Each thread locks its own name, so this measures the round trips, not contention. Goal: not
 * slower than either peer. {@link #main} runs the three in one run and prints cycles/s, p99 and the
 * ratios.
 */
@State(Scope.Benchmark)
public class JdbcLockBench {

  @Param({"spring", "shedlock", "distlock"})
  public String impl;

  PostgresServer pg;
  HikariDataSource pool;
  LockClient distlock;
  JdbcLockRegistry spring;
  DefaultLockRepository repository;
  JdbcTemplateLockProvider shedlock;

  @Setup(Level.Trial)
  public void start() throws Exception {
    pg = PostgresServer.start();
    pool = new HikariDataSource();
    pool.setJdbcUrl(pg.jdbcUrl());
    pool.setUsername(DatabaseServer.USER);
    pool.setPassword(DatabaseServer.PASSWORD);
    pool.setMaximumPoolSize(8);
    try (Connection c = pool.getConnection();
        Statement s = c.createStatement()) {
      // The peers' documented PostgreSQL DDL (spring-integration-jdbc schema-postgresql.sql,
      // ShedLock's README); distlock creates its own table on first use.
      s.execute(
          "CREATE TABLE INT_LOCK (LOCK_KEY CHAR(36) NOT NULL, REGION VARCHAR(100) NOT NULL,"
              + " CLIENT_ID CHAR(36), CREATED_DATE TIMESTAMP NOT NULL,"
              + " EXPIRED_AFTER TIMESTAMP NOT NULL,"
              + " CONSTRAINT INT_LOCK_PK PRIMARY KEY (LOCK_KEY, REGION))");
      s.execute(
          "CREATE TABLE shedlock (name VARCHAR(64) NOT NULL, lock_until TIMESTAMP NOT NULL,"
              + " locked_at TIMESTAMP NOT NULL, locked_by VARCHAR(255) NOT NULL,"
              + " PRIMARY KEY (name))");
    }
    switch (impl) {
      case "distlock" -> distlock = JdbcLocks.table(pool, LockSettings.defaults());
      case "spring" -> {
        // Outside a Spring context the lifecycle callbacks are ours to call.
        repository = new DefaultLockRepository(pool);
        repository.setTransactionManager(new DataSourceTransactionManager(pool));
        repository.afterPropertiesSet();
        repository.afterSingletonsInstantiated();
        repository.start();
        spring = new JdbcLockRegistry(repository);
      }
      case "shedlock" ->
          shedlock =
              new JdbcTemplateLockProvider(
                  JdbcTemplateLockProvider.Configuration.builder()
                      .withJdbcTemplate(new JdbcTemplate(pool))
                      .usingDbTime()
                      .build());
      default -> throw new IllegalArgumentException("unknown impl " + impl);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    if (distlock != null) {
      distlock.close();
    }
    if (repository != null) {
      repository.close();
    }
    pool.close();
    pg.close();
  }

  /** The calling thread's lock, in each shape. */
  @State(Scope.Thread)
  public static class PerThread {
    String key;
    DistributedLock distlock;
    Lock spring;

    @Setup(Level.Trial)
    public void setup(JdbcLockBench b, ThreadParams t) {
      key = "bench-" + t.getThreadIndex();
      if (b.distlock != null) {
        distlock = b.distlock.lock(key);
      }
      if (b.spring != null) {
        spring = b.spring.obtain(key);
      }
    }
  }

  @Benchmark
  public long cycle(PerThread t) throws Exception {
    switch (impl) {
      case "distlock" -> {
        try (Lease lease = t.distlock.acquire(Duration.ofSeconds(30))) {
          return lease.fencingToken();
        }
      }
      case "spring" -> {
        if (!t.spring.tryLock(30, TimeUnit.SECONDS)) {
          throw new IllegalStateException("Spring lock not acquired in 30 s");
        }
        t.spring.unlock();
        return 1;
      }
      default -> {
        Optional<SimpleLock> lock =
            shedlock.lock(
                new LockConfiguration(Instant.now(), t.key, Duration.ofSeconds(30), Duration.ZERO));
        lock.orElseThrow(() -> new IllegalStateException("ShedLock lock not acquired")).unlock();
        return 1;
      }
    }
  }

  /**
   * Runs the three in one run (peers first) and prints cycles/s, p99 and distlock's ratios to each.
   * Arguments: {@code [warmupSeconds] [measureSeconds] [iterations] [threads]} (defaults 3 3 3 1).
   */
  public static void main(String[] args) throws RunnerException {
    PeerComparison.compareSampled(
        JdbcLockBench.class, "distlock", List.of("spring", "shedlock"), args);
  }
}
