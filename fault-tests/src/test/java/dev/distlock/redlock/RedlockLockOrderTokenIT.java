package dev.distlock.redlock;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * Found by the continuous workload (redlock x latency, seed 11): a Redlock acquire whose replies
 * are slow proposes its quorum token from counters it read before other clients acquired and
 * released the lock, then takes the (now free) lock with that stale, smaller token. Tokens then
 * fall in lock order: the later holder has the smaller token, so the fenced-mutex model (and the
 * TLA+ expectation Redlock_NoFault: token order holds under latency) is violated, and behind the
 * guard the later holder's accesses are all rejected as stale. The real-time token-order check does
 * not see it, because the slow acquire began before the others completed.
 *
 * <p>Deterministic: client A's replies from every node are delayed 600 ms (downstream latency);
 * once each node has served A's counter read, clients B and C each acquire and release; then A's
 * acquire completes. A's token must exceed C's, since A holds the lock after C released it.
 *
 * <p>Fixed: the acquire script refuses a node whose counter already reached the proposed token
 * ("stale"), and the acquirer proposes again above the counters it heard (RedlockBackend).
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedlockLockOrderTokenIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final String NAME = "lock-order";
  private static final Duration DELAY = Duration.ofMillis(600);

  private static RedisNode node(String host, int port, Duration timeout) {
    return RedisNode.builder(host, port).requestTimeout(timeout).connectTimeout(timeout).build();
  }

  @Test
  void aSlowAcquireThatReadTheCountersBeforeOthersHeldTheLockGetsALargerTokenThanThey() {
    LockSettings settings =
        LockSettings.builder()
            .ttl(Duration.ofSeconds(6))
            .retryDelay(Duration.ofMillis(5), Duration.ofMillis(30))
            .build();
    List<RedisServer> servers = new ArrayList<>();
    List<RedisNode> direct = new ArrayList<>();
    List<RedisNode> slow = new ArrayList<>();
    List<ProxiedEndpoint> links = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      RedisServer s = cluster.redis(b -> b);
      servers.add(s);
      direct.add(node(s.host(), s.port(), Duration.ofMillis(250)));
      ProxiedEndpoint link = cluster.toxiproxy().proxy("order-a-n" + i, s);
      links.add(link);
      slow.add(node(link.host(), link.port(), Duration.ofMillis(1500)));
    }
    try (LockClient a = RedisLocks.redlock(slow, settings);
        LockClient b = RedisLocks.redlock(direct, settings);
        LockClient c = RedisLocks.redlock(direct, settings)) {
      long first;
      try (Lease warm = b.lock(NAME).acquire(Duration.ofSeconds(5))) {
        first = warm.fencingToken();
      }
      // Wait until the warm-up's background releases are done, then note each node's count.
      long[] before = new long[servers.size()];
      Awaitility.await("script and key commands settled")
          .atMost(Timing.seconds(10))
          .pollInterval(Duration.ofMillis(150))
          .until(() -> settled(servers, before));
      links.forEach(l -> l.latency(DELAY, Duration.ZERO));
      CompletableFuture<Long> slowAcquire =
          CompletableFuture.supplyAsync(
              () -> {
                try (Lease l = a.lock(NAME).acquire(Duration.ofSeconds(20))) {
                  return l.fencingToken();
                }
              });
      // A's first request has been served by every node (its reply is on its way, delayed):
      // whatever the protocol reads or proposes, it did so before B and C hold the lock.
      Awaitility.await("every node served the slow client's first request")
          .atMost(Timing.seconds(20))
          .until(
              () -> {
                for (int i = 0; i < servers.size(); i++) {
                  if (lockCommands(servers.get(i)) <= before[i]) {
                    return false;
                  }
                }
                return true;
              });
      long tokenB;
      try (Lease l = b.lock(NAME).acquire(Duration.ofSeconds(5))) {
        tokenB = l.fencingToken();
      }
      long tokenC;
      try (Lease l = c.lock(NAME).acquire(Duration.ofSeconds(5))) {
        tokenC = l.fencingToken();
      }
      long tokenA = slowAcquire.orTimeout(30, TimeUnit.SECONDS).join();
      assertThat(tokenB).isGreaterThan(first);
      assertThat(tokenC).isGreaterThan(tokenB);
      // A held the lock after C released it: its token must be larger.
      assertThat(tokenA)
          .as("token of the slow acquire that completed after B (%d) and C (%d)", tokenB, tokenC)
          .isGreaterThan(tokenC);
    } finally {
      links.forEach(ProxiedEndpoint::heal);
    }
  }

  /** True once no node ran a lock command since the last look; records the counts. */
  private static boolean settled(List<RedisServer> servers, long[] counts) {
    boolean same = true;
    for (int i = 0; i < servers.size(); i++) {
      long now = lockCommands(servers.get(i));
      same &= now == counts[i];
      counts[i] = now;
    }
    return same;
  }

  /** Calls of the commands a lock client sends (scripts, GET, SET), from INFO commandstats. */
  private static long lockCommands(RedisServer s) {
    try (Jedis j = s.client()) {
      long sum = 0;
      for (String line : j.info("commandstats").split("\\r?\\n")) {
        if (line.matches("cmdstat_(evalsha|eval|get|set):.*")) {
          int at = line.indexOf("calls=") + "calls=".length();
          sum += Long.parseLong(line.substring(at, line.indexOf(',', at)));
        }
      }
      return sum;
    }
  }
}
