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
  ZOOKEEPER(Backend.ZOOKEEPER, 1);

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
   * Returns how many lock servers a client reaches.
   *
   * @return the number of nodes
   */
  public int nodes() {
    return nodes;
  }
}
