/** Real servers on loopback for tests: redis-server, ZooKeeper in child JVMs, Toxiproxy. */
package dev.distlock.cluster;
