package dev.distlock.workload;

import dev.distlock.client.Backend;

/** The lock deployments of the fault model, as the safety matrix enumerates them. */
public enum LockKind {
  /** One redis-server, {@code RedisLocks.single}. */
  SINGLE(Backend.REDIS_SINGLE, 1),
  /** One redis-server with an asynchronous replica that a failover promotes. */
  SINGLE_REPLICA(Backend.REDIS_SINGLE, 1),
  /** Five independent redis-servers, {@code RedisLocks.redlock}. */
  REDLOCK(Backend.REDLOCK, 5),
  /** Two redis-servers written by every client, {@code RedisLocks.dualWrite}. */
  DUAL_WRITE(Backend.DUAL_WRITE, 2),
  /** One ZooKeeper server, {@code ZooKeeperLocks}. */
  ZOOKEEPER(Backend.ZOOKEEPER, 1),
  /** One PostgreSQL server, {@code JdbcLocks.table}. */
  JDBC_TABLE_POSTGRES(Backend.JDBC_TABLE, 1),
  /** One PostgreSQL server, {@code JdbcLocks.forUpdate}. */
  JDBC_FOR_UPDATE_POSTGRES(Backend.JDBC_FOR_UPDATE, 1),
  /** One MariaDB server, {@code JdbcLocks.table}. */
  JDBC_TABLE_MARIADB(Backend.JDBC_TABLE, 1),
  /** One MariaDB server, {@code JdbcLocks.forUpdate}. */
  JDBC_FOR_UPDATE_MARIADB(Backend.JDBC_FOR_UPDATE, 1),
  /**
   * A three-server ZooKeeper ensemble, {@code ZooKeeperLocks}; faults hit the leader or a follower
   * (node 0 of a fault step is the member chosen by {@code Faults}).
   */
  ZOOKEEPER_ENSEMBLE(Backend.ZOOKEEPER, 3),
  /**
   * One redis-server, {@code RedisLocks.fair}: the single-node lock's key and fence counter plus a
   * waiter queue (sorted sets) that grants in arrival order.
   */
  FAIR(Backend.REDIS_FAIR, 1),
  /**
   * A Sentinel-managed master and asynchronous replica (nodes 0 and 1, three sentinels), {@code
   * RedisLocks.single} over Jedis' {@code RedisSentinelClient}: the servers decide failovers.
   */
  SENTINEL(Backend.REDIS_SENTINEL, 2),
  /**
   * A Redis Cluster of three masters and three replicas, {@code RedisLocks.single} over Jedis'
   * {@code RedisClusterClient}: each lock lives in one slot, on one master; the cluster fails over.
   */
  CLUSTER(Backend.REDIS_CLUSTER, 6);

  private final Backend backend;
  private final int nodes;

  LockKind(Backend backend, int nodes) {
    this.backend = backend;
    this.nodes = nodes;
  }

  /**
   * Returns the client the child JVMs build.
   *
   * @return the backend
   */
  public Backend backend() {
    return backend;
  }

  /**
   * Tells whether the lock lives in a database server (PostgreSQL or MariaDB).
   *
   * @return true for the JDBC kinds
   */
  public boolean jdbc() {
    return backend == Backend.JDBC_TABLE || backend == Backend.JDBC_FOR_UPDATE;
  }

  /**
   * Tells whether the lock's database is MariaDB (else PostgreSQL, for the JDBC kinds).
   *
   * @return true for the MariaDB kinds
   */
  public boolean mariadb() {
    return this == JDBC_TABLE_MARIADB || this == JDBC_FOR_UPDATE_MARIADB;
  }

  /**
   * Returns how many lock servers a client reaches.
   *
   * @return the number of nodes
   */
  public int nodes() {
    return nodes;
  }

  /**
   * Tells whether the servers decide failovers themselves (Sentinel, Redis Cluster): the failover
   * column promotes a replica after a master pause instead of by hand.
   *
   * @return true for {@link #SENTINEL} and {@link #CLUSTER}
   */
  public boolean serverFailover() {
    return this == SENTINEL || this == CLUSTER;
  }

  /**
   * Tells whether the lock is ZooKeeper's: session-based, no TTL, no server clock in the lease.
   *
   * @return true for the ZooKeeper deployments
   */
  public boolean zooKeeper() {
    return backend == Backend.ZOOKEEPER;
  }
}
