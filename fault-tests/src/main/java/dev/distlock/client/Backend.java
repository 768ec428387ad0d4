package dev.distlock.client;

/** The lock client a child JVM builds: which factory of the impl it calls. */
public enum Backend {
  /** {@code RedisLocks.single} over the first endpoint. */
  REDIS_SINGLE,
  /** {@code RedisLocks.redlock} over every endpoint. */
  REDLOCK,
  /** {@code RedisLocks.dualWrite} over every endpoint, in order. */
  DUAL_WRITE,
  /** {@code ZooKeeperLocks.create} on a Curator client connected to every endpoint. */
  ZOOKEEPER,
  /**
   * {@code RedisLocks.fair} over the first endpoint, waiter timeout {@link #FAIR_WAITER_TIMEOUT}.
   */
  REDIS_FAIR,
  /** {@code JdbcLocks.table} on a HikariCP pool; the endpoint is a JDBC URL. */
  JDBC_TABLE,
  /** {@code JdbcLocks.forUpdate} on a HikariCP pool; the endpoint is a JDBC URL. */
  JDBC_FOR_UPDATE,
  /**
   * {@code RedisLocks.single} over a {@code RedisSentinelClient} that asks the sentinels for the
   * master and reaches each node through this client's own link to it ({@link
   * ClientSpec#announced()}).
   */
  REDIS_SENTINEL,
  /**
   * {@code RedisLocks.single} over a {@code RedisClusterClient} seeded with the nodes' announced
   * addresses and reaching each node through this client's own link to it.
   */
  REDIS_CLUSTER;

  /** The fair lock's waiter timeout in child clients: evicted within about 2 s of a pause. */
  public static final java.time.Duration FAIR_WAITER_TIMEOUT = java.time.Duration.ofMillis(1500);
}
