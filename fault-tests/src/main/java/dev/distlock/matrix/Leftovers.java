package dev.distlock.matrix;

import dev.distlock.client.Backend;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.workload.Deployment;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.data.Stat;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * Lock entries still on the lock servers when no client holds a lock: Redis keys under {@code
 * distlock:} other than counters (the fence counter {@code :fence}, and the fair lock's arrival
 * counter {@code :seq}; both live forever by design), so the fair lock's waiter queue ({@code
 * :queue}, {@code :beats}) counts as a lock entry; ZooKeeper ephemeral nodes under {@code
 * /distlock}. Read directly from the servers (not through the clients' proxies); on Sentinel and
 * Redis Cluster from every node that is a master now (a cluster's lock keys are spread over the
 * masters by slot). The JDBC locks keep their row (and its fence counter) by design and are not
 * scanned; plugged-in peers use key spaces of their own.
 */
final class Leftovers {
  private Leftovers() {}

  /**
   * Waits until no lock entry is left or {@code limit} has passed, and returns what is left.
   *
   * @param d the deployment
   * @param failedOver whether the replica now serves the clients
   * @param limit how long entries may take to go (a TTL, for entries whose release failed)
   * @return entries by server (empty lists when clean)
   */
  static Map<String, List<String>> await(Deployment d, boolean failedOver, Duration limit) {
    long end = System.nanoTime() + limit.toNanos();
    Map<String, List<String>> left = scan(d, failedOver);
    while (left.values().stream().anyMatch(l -> !l.isEmpty()) && System.nanoTime() - end < 0) {
      try {
        Thread.sleep(100); // polling servers that have no notification for an expired key
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
      left = scan(d, failedOver);
    }
    return left;
  }

  /**
   * Returns how long lock entries whose release failed may stay: one TTL for a lock key; for the
   * fair lock also the queue of a waiter that could not leave it, which expires two waiter timeouts
   * after its last poll ({@code FairScripts}); plus one second of slack, scaled by the harness's
   * timing factor.
   *
   * @param kind the lock
   * @param ttlMs the plan's TTL
   * @return the limit for {@link #await}
   */
  static Duration limit(LockKind kind, long ttlMs) {
    long queue = kind == LockKind.FAIR ? 2 * Backend.FAIR_WAITER_TIMEOUT.toMillis() : 0;
    return Timing.scaled(Duration.ofMillis(Math.max(ttlMs, queue) + 1000));
  }

  static Map<String, List<String>> scan(Deployment d, boolean failedOver) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    if (d.kind() == LockKind.ZOOKEEPER) {
      out.put("zookeeper", znodes(d.zookeeper().connectString()));
      return out;
    }
    List<RedisServer> servers =
        failedOver && d.kind() == LockKind.SINGLE_REPLICA ? List.of(d.replica()) : d.redisNodes();
    for (RedisServer s : servers) {
      if (!s.isAlive()) {
        continue;
      }
      // Sentinel and Cluster: every master (after failovers, whichever nodes they are now); a
      // replica only mirrors its master.
      if (d.kind().serverFailover() && !isMaster(s)) {
        continue;
      }
      out.put(s.toString(), keys(s));
    }
    return out;
  }

  private static boolean isMaster(RedisServer s) {
    try (Jedis j = s.client()) {
      return j.info("replication").contains("role:master");
    }
  }

  private static List<String> keys(RedisServer s) {
    List<String> keys = new ArrayList<>();
    try (Jedis j = s.client()) {
      String cursor = ScanParams.SCAN_POINTER_START;
      do {
        ScanResult<String> r = j.scan(cursor, new ScanParams().match("distlock:*").count(500));
        for (String k : r.getResult()) {
          if (!k.endsWith(":fence") && !k.endsWith(":seq")) {
            keys.add(k);
          }
        }
        cursor = r.getCursor();
      } while (!cursor.equals(ScanParams.SCAN_POINTER_START));
    }
    return keys;
  }

  private static List<String> znodes(String connect) {
    List<String> out = new ArrayList<>();
    try (CuratorFramework c =
        CuratorFrameworkFactory.builder()
            .connectString(connect)
            .sessionTimeoutMs(5000)
            .connectionTimeoutMs(5000)
            .retryPolicy(new RetryOneTime(100))
            .build()) {
      c.start();
      if (!c.blockUntilConnected(10, java.util.concurrent.TimeUnit.SECONDS)) {
        out.add("(could not connect to " + connect + ")");
        return out;
      }
      walk(c, "/distlock", out);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      out.add("(could not list /distlock: " + e + ")");
    }
    return out;
  }

  private static void walk(CuratorFramework c, String path, List<String> out) throws Exception {
    Stat stat = c.checkExists().forPath(path);
    if (stat == null) {
      return;
    }
    if (stat.getEphemeralOwner() != 0) {
      out.add(path);
    }
    for (String child : c.getChildren().forPath(path)) {
      walk(c, path + "/" + child, out);
    }
  }
}
