/**
 * The ZooKeeper lock on Curator: an ephemeral-sequential node per waiter, each watching only its
 * predecessor, fair queue order, and the holder node's {@code czxid} as fencing token. Entry point:
 * {@link dev.distlock.zookeeper.ZooKeeperLocks}.
 */
package dev.distlock.zookeeper;
