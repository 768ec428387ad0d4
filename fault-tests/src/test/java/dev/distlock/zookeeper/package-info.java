/** The ZooKeeper lock against a real ZooKeeper server: queue order, session events, cleanup. */
package dev.distlock.zookeeper;
