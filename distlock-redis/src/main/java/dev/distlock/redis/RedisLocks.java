package dev.distlock.redis;

import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.spi.Drift;
import dev.distlock.spi.LockClients;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Factories for the Redis locks.
 *
 * <pre>{@code
 * try (LockClient locks = RedisLocks.single(RedisNode.of("127.0.0.1", 6379))) {
 *   DistributedLock lock = locks.lock("order:42");
 *   try (Lease lease = lock.acquire(Duration.ofSeconds(2))) {
 *     stock.decrement("sku-1", lease.fencingToken());
 *   }
 * }
 * }</pre>
 *
 * <p>Keys, on every node a lock uses: {@code distlock:{name}} holds the owner id, {@code
 * distlock:{name}:fence} the token counter (never expires), and releases are announced on {@code
 * distlock:released:{name}} (message: the releasing client's 16-character tag, a colon, the lock
 * name), which wakes waiting acquirers. Inside the braces (the Redis Cluster hash tag, shared by
 * the three, so they map to one slot) the characters {@code %}, <code>{</code> and <code>}</code>
 * of the name are written as {@code %25}, {@code %7B} and {@code %7D}; every name is accepted. The
 * three lock types keep the same keys, so one lock name must not be used with two types on the same
 * servers.
 *
 * <p>Pub/sub: each client keeps one subscribed connection per node, opened on first need. It is
 * subscribed to the release channel of a name only while the client has a waiter for that name, to
 * the dual-write group's {@code distlock:nodes} (failed-node announcements) for a dual-write
 * client, and to {@code distlock:client:<tag>}, a channel unique to the client on which nothing is
 * published (it keeps the connection in subscribed mode). An idle connection gets a heartbeat every
 * second (that channel subscribed again); an answer missing for the node's request timeout closes
 * it, waiters poll until it is re-established (with backoff). With Redis ACLs, the user needs the
 * keys {@code ~distlock:*} and the channels {@code &distlock:*}; without the channels, waiters only
 * poll.
 */
public final class RedisLocks {
  private RedisLocks() {}

  /** A single-node lock with the default settings (TTL 30 s, watchdog every 10 s). */
  public static LockClient single(RedisNode node) {
    return single(node, LockSettings.defaults());
  }

  /**
   * A single-node lock.
   *
   * @throws IllegalArgumentException if the node's request timeout is not shorter than the renewal
   *     interval, or the renewal interval plus the request timeout does not fit in the lease
   *     validity (TTL minus the drift allowance): a renewal hanging that long leaves no time to
   *     retry before the lease runs out
   */
  public static LockClient single(RedisNode node, LockSettings settings) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(settings, "settings");
    checkTimeouts(node, settings);
    return LockClients.create(new SingleRedisBackend(node, KeySpace.DEFAULT), settings);
  }

  /**
   * A single-node lock over a client the application already has: a {@code RedisClient} or {@code
   * JedisPool}, a {@code RedisSentinelClient} (the lock follows Sentinel's master, with the replica
   * failover caveats of {@link RedisGuarantees}) or a {@code RedisClusterClient} / {@code
   * JedisCluster} (a lock's keys live in one hash slot; a failover of that slot's master is a
   * replica failover for that lock). The client is not closed with the lock client.
   *
   * @throws IllegalArgumentException if the connection's request timeout is not shorter than the
   *     renewal interval (or the TTL without watchdog)
   */
  public static LockClient single(RedisConnection connection, LockSettings settings) {
    Objects.requireNonNull(connection, "connection");
    Objects.requireNonNull(settings, "settings");
    checkTimeouts(connection.descriptor(), settings);
    return LockClients.create(new SingleRedisBackend(connection), settings);
  }

  /** A Redlock over {@code nodes} (independent masters, at least 3) with the default settings. */
  public static LockClient redlock(List<RedisNode> nodes) {
    return redlock(nodes, LockSettings.defaults());
  }

  /**
   * A Redlock over {@code nodes}: independent masters (no replication between them), at least 3, 5
   * recommended. Acquired when a majority took the lock within the validity; the fencing token is
   * the quorum token: {@code max + 1} of the counters read from a majority, written to the majority
   * that took the lock (larger than every earlier completed acquisition's unless a node lost its
   * data; see {@link LockClient#guarantees()}).
   *
   * @throws IllegalArgumentException if fewer than 3 nodes are given, a node appears twice, or a
   *     node's request timeout is not shorter than the renewal interval or leaves no time to retry
   *     a renewal within the validity (see {@link #single(RedisNode, LockSettings)})
   */
  public static LockClient redlock(List<RedisNode> nodes, LockSettings settings) {
    Objects.requireNonNull(settings, "settings");
    List<RedisNode> list = checkNodes(nodes, 3, settings);
    return LockClients.create(
        new RedlockBackend(list, KeySpace.DEFAULT, System::nanoTime), settings);
  }

  /** A dual-write group over {@code nodes} with the default settings, probing every second. */
  public static LockClient dualWrite(List<RedisNode> nodes) {
    return dualWrite(nodes, LockSettings.defaults(), Duration.ofSeconds(1));
  }

  /**
   * A dual-write group ("YeeRedisGroup"): every write goes to every node this client currently sees
   * (its available queue); a node that fails moves to a retry queue until a prober finds it
   * answering, and the move is announced to the group's other clients. Every client of one group
   * must list the nodes in the same order.
   *
   * <p>This is the design as described, including its weakness: there is no quorum, so a partition
   * that shows different nodes to different clients lets both acquire (see {@link
   * LockClient#guarantees()}). Prefer {@link #redlock} or ZooKeeper where that matters.
   *
   * @param probeInterval how often the retry queue is pinged
   * @throws IllegalArgumentException if fewer than 2 nodes are given, a node appears twice, a
   *     node's request timeout does not fit the renewal timing (see {@link #single(RedisNode,
   *     LockSettings)}), or the probe interval is not positive
   */
  public static LockClient dualWrite(
      List<RedisNode> nodes, LockSettings settings, Duration probeInterval) {
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(probeInterval, "probeInterval");
    if (probeInterval.isNegative() || probeInterval.isZero()) {
      throw new IllegalArgumentException("probeInterval must be positive, got " + probeInterval);
    }
    List<RedisNode> list = checkNodes(nodes, 2, settings);
    return LockClients.create(
        new DualWriteBackend(list, KeySpace.DEFAULT, probeInterval), settings);
  }

  /** A fair queue lock with the default settings and a 5 s waiter timeout. */
  public static LockClient fair(RedisNode node) {
    return fair(node, LockSettings.defaults(), Duration.ofSeconds(5));
  }

  /**
   * A fair queue lock on one node: waiters queue in a sorted set by arrival ({@code ZADD NX}), and
   * the lock goes to the head of the queue when it is free, so waiters of different clients are
   * granted strictly in arrival order (threads of one client first pass its local gate, also
   * first-come first-served). A waiting client polls at least every {@code waiterTimeout / 3} to
   * heartbeat; a waiter whose heartbeat is older than {@code waiterTimeout} on the server's clock
   * is evicted by the next poll of any waiter, so a crashed or paused waiter holds the queue up for
   * at most {@code waiterTimeout + waiterTimeout / 3} (plus one request timeout), and a crashed
   * holder for its TTL. An evicted waiter that comes back re-enqueues at the tail. Tokens,
   * watchdog, {@code onLost} and reentrancy are the engine's, exactly as for {@link #single};
   * mutual exclusion and token order have the single-node lock's weaknesses (see {@link
   * LockClient#guarantees()}).
   *
   * <p>Keys besides the single-node lock's: {@code distlock:{name}:queue}, {@code :beats} (both
   * expire when nobody polls for two waiter timeouts) and {@code :seq}. Do not use one lock name
   * with the fair and the plain lock at once: a plain acquirer would bypass the queue.
   *
   * @throws IllegalArgumentException if the waiter timeout is under 300 ms, or the node's request
   *     timeout is not shorter than a third of it (a heartbeat must be able to time out and be sent
   *     again before the waiter is evicted) or than the renewal interval
   */
  public static LockClient fair(RedisNode node, LockSettings settings, Duration waiterTimeout) {
    Objects.requireNonNull(node, "node");
    Objects.requireNonNull(settings, "settings");
    Objects.requireNonNull(waiterTimeout, "waiterTimeout");
    if (waiterTimeout.compareTo(Duration.ofMillis(300)) < 0) {
      throw new IllegalArgumentException(
          "waiterTimeout must be at least 300 ms, got " + waiterTimeout);
    }
    if (node.requestTimeout().compareTo(waiterTimeout.dividedBy(3)) >= 0) {
      throw new IllegalArgumentException(
          "request timeout "
              + node.requestTimeout()
              + " of "
              + node
              + " must be shorter than a third of the waiter timeout "
              + waiterTimeout);
    }
    checkTimeouts(node, settings);
    return LockClients.create(
        new FairRedisBackend(node, KeySpace.DEFAULT, waiterTimeout), settings);
  }

  static List<RedisNode> checkNodes(List<RedisNode> nodes, int min, LockSettings settings) {
    Objects.requireNonNull(nodes, "nodes");
    List<RedisNode> list = List.copyOf(nodes);
    if (list.size() < min) {
      throw new IllegalArgumentException("need at least " + min + " nodes, got " + list.size());
    }
    Set<String> seen = new HashSet<>();
    for (RedisNode n : list) {
      if (!seen.add(n.host() + ':' + n.port() + '/' + n.database())) {
        throw new IllegalArgumentException(n + " is listed twice");
      }
      checkTimeouts(n, settings);
    }
    return list;
  }

  static void checkTimeouts(RedisNode node, LockSettings settings) {
    // With a watchdog a renewal must be able to time out and be retried within the lease;
    // without one, an acquire reply slower than the TTL would hand out a lease already gone.
    Duration bound = settings.watchdog() ? settings.renewInterval() : settings.ttl();
    if (node.requestTimeout().compareTo(bound) >= 0) {
      throw new IllegalArgumentException(
          "request timeout "
              + node.requestTimeout()
              + " of "
              + node
              + " must be shorter than "
              + (settings.watchdog() ? "the renewal interval " : "the TTL ")
              + bound);
    }
    if (!settings.watchdog()) {
      return;
    }
    // The holder relies on the lease until validity = TTL - drift. A renewal sent at the renewal
    // interval that hangs for the whole request timeout must still end before then, or the lease
    // is gone before the watchdog could try again.
    Duration validity = Duration.ofNanos(Drift.validityNanos(settings.ttl()));
    Duration worst = settings.renewInterval().plus(node.requestTimeout());
    if (worst.compareTo(validity) >= 0) {
      throw new IllegalArgumentException(
          "renewal interval "
              + settings.renewInterval()
              + " plus request timeout "
              + node.requestTimeout()
              + " of "
              + node
              + " must be shorter than the lease validity "
              + validity
              + " (TTL "
              + settings.ttl()
              + " minus drift allowance "
              + Duration.ofNanos(Drift.allowanceNanos(settings.ttl()))
              + "): a renewal that times out would leave no time to retry before the lease runs out;"
              + " renew earlier or shorten the request timeout");
    }
  }
}
