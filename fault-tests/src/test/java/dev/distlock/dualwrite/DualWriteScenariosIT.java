package dev.distlock.dualwrite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.ToxiproxyServer;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;

/**
 * The dual-write group on two real redis-servers, each client reaching them through its own
 * Toxiproxy proxies: a node that fails leaves the available queue and comes back when it answers, a
 * failure one client sees is announced to the others, and a partition that splits the nodes'
 * visibility between clients lets both acquire — the split brain its guarantees admit.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DualWriteScenariosIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final LockSettings SETTINGS =
      LockSettings.builder()
          .ttl(Duration.ofSeconds(3))
          .retryDelay(Duration.ofMillis(5), Duration.ofMillis(30))
          .build();
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static RedisServer a;
  private static RedisServer b;
  private static ProxiedEndpoint xa;
  private static ProxiedEndpoint xb;
  private static ProxiedEndpoint ya;
  private static ProxiedEndpoint yb;
  private final List<LockClient> clients = new ArrayList<>();

  @BeforeAll
  static void startServers() {
    a = cluster.redis();
    b = cluster.redis();
    ToxiproxyServer toxiproxy = cluster.toxiproxy();
    xa = toxiproxy.proxy("dw-x-a", a);
    xb = toxiproxy.proxy("dw-x-b", b);
    ya = toxiproxy.proxy("dw-y-a", a);
    yb = toxiproxy.proxy("dw-y-b", b);
  }

  @BeforeEach
  void cleanServers() {
    for (RedisServer s : List.of(a, b)) {
      try (Jedis jedis = s.client()) {
        jedis.flushAll();
      }
    }
  }

  @AfterEach
  void closeClients() {
    clients.forEach(LockClient::close);
  }

  private LockClient client(ProxiedEndpoint toA, ProxiedEndpoint toB, Duration probe) {
    LockClient c =
        RedisLocks.dualWrite(
            List.of(node(toA.host(), toA.port()), node(toB.host(), toB.port())), SETTINGS, probe);
    clients.add(c);
    return c;
  }

  private static RedisNode node(String host, int port) {
    return RedisNode.builder(host, port)
        .requestTimeout(Duration.ofMillis(300))
        .connectTimeout(Duration.ofMillis(300))
        .build();
  }

  private static String name() {
    return "dual-write-" + NAMES.incrementAndGet();
  }

  private static boolean hasLock(RedisServer server, String name) {
    try (Jedis jedis = server.client()) {
      return jedis.exists("distlock:{" + name + "}");
    }
  }

  private static long timeAcquireRelease(LockClient c, String name) {
    long start = System.nanoTime();
    c.lock(name).acquire(Duration.ofSeconds(5)).close();
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
  }

  /**
   * Node B stops answering (black hole): the first write waits for B's timeout and moves it to the
   * retry queue; later writes go to A alone, without waiting; once B answers again the prober puts
   * it back and writes reach it again.
   */
  @Test
  void keepsWorkingWithOneNodeDownMovesItToTheRetryQueueAndBack() {
    LockClient x = client(xa, xb, Duration.ofMillis(200));
    String name = name();
    try (Lease lease = x.lock(name).acquire(Duration.ofSeconds(5))) {
      assertThat(hasLock(a, name) && hasLock(b, name)).as("written to both").isTrue();
    }
    xb.blackhole();
    try (Lease lease = x.lock(name).acquire(Duration.ofSeconds(5))) {
      assertThat(lease.isValid()).isTrue();
      assertThat(hasLock(a, name)).isTrue();
    }
    // B is in the retry queue now: no write waits for its 300 ms timeout any more.
    for (int i = 0; i < 5; i++) {
      assertThat(timeAcquireRelease(x, name)).isLessThan(250);
    }
    String whileAway = name();
    try (Lease lease = x.lock(whileAway).acquire(Duration.ofSeconds(5))) {
      assertThat(hasLock(b, whileAway)).as("B is not written while away").isFalse();
      // The lease renews on A alone past its TTL.
      long until = System.nanoTime() + SETTINGS.ttl().multipliedBy(3).dividedBy(2).toNanos();
      await()
          .atMost(SETTINGS.ttl().multipliedBy(3))
          .pollInterval(Duration.ofMillis(100))
          .until(() -> lease.isValid() && System.nanoTime() - until > 0);
    }
    xb.heal();
    String back = name();
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(100))
        .until(
            () -> {
              try (Lease lease = x.lock(back).acquire(Duration.ofSeconds(5))) {
                return hasLock(b, back);
              }
            });
  }

  /**
   * Active notification: client X loses node B and announces it on A; client Y, which reaches B
   * fine and whose own prober would not run for a minute, stops writing to B as well.
   */
  @Test
  void aFailureSeenByOneClientIsAnnouncedToTheOthers() {
    LockClient x = client(xa, xb, Duration.ofMillis(200));
    LockClient y = client(ya, yb, Duration.ofMinutes(1));
    try (Jedis jedis = a.client()) {
      // Both clients listen on A before anything is announced.
      await()
          .atMost(Duration.ofSeconds(10))
          .until(() -> jedis.pubsubNumSub("distlock:nodes").get("distlock:nodes") >= 2);
    }
    String name = name();
    try (Lease lease = y.lock(name).acquire(Duration.ofSeconds(5))) {
      assertThat(hasLock(b, name)).as("Y writes to B while nobody has reported it").isTrue();
    }
    xb.disable();
    x.lock(name()).acquire(Duration.ofSeconds(5)).close(); // X fails on B and announces it
    await()
        .atMost(Duration.ofSeconds(10))
        .pollInterval(Duration.ofMillis(50))
        .until(
            () -> {
              try (Lease lease = y.lock(name).acquire(Duration.ofSeconds(5))) {
                return hasLock(a, name) && !hasLock(b, name);
              }
            });
  }

  /**
   * The split brain: X reaches only A, Y only B. Each moves the other node to its retry queue and
   * acquires on the node it sees, so both hold the lock at once, and their tokens come from
   * different counters (no order between them).
   */
  @Test
  void aPartitionThatSplitsTheNodesLetsTwoClientsHoldTheLock() {
    LockClient x = client(xa, xb, Duration.ofMillis(200));
    LockClient y = client(ya, yb, Duration.ofMillis(200));
    String name = name();
    xb.disable();
    ya.disable();
    try (Lease lx = x.lock(name).acquire(Duration.ofSeconds(5));
        Lease ly = y.lock(name).acquire(Duration.ofSeconds(5))) {
      assertThat(lx.isValid() && ly.isValid())
          .as("mutual exclusion is broken under PARTITION, as stated")
          .isTrue();
      assertThat(ly.fencingToken())
          .as("Y's token does not follow X's: separate counters")
          .isLessThanOrEqualTo(lx.fencingToken());
      assertThat(hasLock(a, name) && hasLock(b, name)).isTrue();
      assertThat(
              y.guarantees()
                  .holds(
                      dev.distlock.SafetyProperty.MUTUAL_EXCLUSION,
                      java.util.Set.of(dev.distlock.Fault.PARTITION)))
          .isFalse();
    }
  }
}
