package dev.distlock.redlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.Fault;
import dev.distlock.Lease;
import dev.distlock.LockBackendException;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.SafetyProperty;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.Ports;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.ToxiproxyServer;
import dev.distlock.guard.FencedResource;
import dev.distlock.guard.Inventory;
import dev.distlock.guard.StaleTokenException;
import dev.distlock.redis.RedisFencedResource;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClient;

/**
 * Redlock on five real redis-servers: the majority rule with nodes down, and the targeted faults
 * its guarantees name — one node's clock jump and one node's crash-restart. A client that "cannot
 * reach" a node is given a dead address for it, so each client's view is fixed and the scenarios
 * are deterministic.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class RedlockScenariosIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final LockSettings SETTINGS =
      LockSettings.builder()
          .ttl(Duration.ofSeconds(3))
          .retryDelay(Duration.ofMillis(5), Duration.ofMillis(30))
          .build();
  private static final String NAME = "redlock-scenario";
  private static final List<RedisServer> servers = new ArrayList<>();
  private final List<LockClient> clients = new ArrayList<>();

  @BeforeAll
  static void startServers() {
    servers.clear();
    for (int i = 0; i < 5; i++) {
      servers.add(cluster.redis(b -> b.clockShift(true)));
    }
  }

  @BeforeEach
  void cleanServers() {
    for (RedisServer s : servers) {
      if (!s.isAlive()) {
        s.restart();
      }
      s.clock().reset();
      try (Jedis jedis = s.client()) {
        jedis.flushAll();
      }
    }
  }

  @AfterEach
  void closeClients() {
    clients.forEach(LockClient::close);
  }

  private static RedisNode node(String host, int port) {
    return RedisNode.builder(host, port)
        .requestTimeout(Duration.ofMillis(250))
        .connectTimeout(Duration.ofMillis(250))
        .build();
  }

  /** A client that reaches exactly the servers with {@code reachable[i]}; others are dead ports. */
  private LockClient client(LockSettings settings, boolean... reachable) {
    List<RedisNode> nodes = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      boolean up = reachable.length == 0 || reachable[i];
      nodes.add(
          up
              ? node(servers.get(i).host(), servers.get(i).port())
              : node("127.0.0.1", Ports.free()));
    }
    LockClient c = RedisLocks.redlock(nodes, settings);
    clients.add(c);
    return c;
  }

  private static long keysHolding(String name) {
    long n = 0;
    for (RedisServer s : servers) {
      if (s.isAlive()) {
        try (Jedis jedis = s.client()) {
          n += jedis.exists("distlock:{" + name + "}") ? 1 : 0;
        }
      }
    }
    return n;
  }

  @Test
  void acquiresWithTwoOfFiveNodesDown() {
    long before;
    try (Lease first = client(SETTINGS).lock(NAME).acquire(Duration.ofSeconds(5))) {
      before = first.fencingToken();
    }
    servers.get(0).kill();
    servers.get(3).kill();
    LockClient c = client(SETTINGS);
    try (Lease lease = c.lock(NAME).acquire(Duration.ofSeconds(5))) {
      assertThat(lease.isValid()).isTrue();
      assertThat(lease.fencingToken()).isGreaterThan(before);
      assertThat(keysHolding(NAME)).isEqualTo(3);
      assertThat(client(SETTINGS).lock(NAME).tryAcquire(Duration.ofMillis(200))).isEmpty();
    }
    assertThat(keysHolding(NAME)).as("released on every live node").isZero();
  }

  /**
   * Two nodes black-holed (a partition that swallows requests): the fan-out decides as soon as a
   * majority answered, so a cycle does not wait for the silent nodes' 250 ms timeout.
   */
  @Test
  void aSilentMinorityDoesNotSlowAcquisitionDown() {
    ToxiproxyServer toxiproxy = cluster.toxiproxy();
    List<ProxiedEndpoint> proxies = new ArrayList<>();
    List<RedisNode> nodes = new ArrayList<>();
    for (int i = 0; i < servers.size(); i++) {
      ProxiedEndpoint p =
          toxiproxy.proxy("redlock-silent-" + i + "-" + System.nanoTime(), servers.get(i));
      proxies.add(p);
      nodes.add(node(p.host(), p.port()));
    }
    LockClient c = RedisLocks.redlock(nodes, SETTINGS);
    clients.add(c);
    c.lock(NAME).acquire(Duration.ofSeconds(5)).close(); // connections are open
    proxies.get(1).blackhole();
    proxies.get(4).blackhole();
    long previous = 0;
    List<Duration> cycles = new ArrayList<>();
    for (int i = 0; i < 7; i++) {
      long start = System.nanoTime();
      try (Lease lease = c.lock(NAME).acquire(Duration.ofSeconds(5))) {
        assertThat(lease.fencingToken()).isGreaterThan(previous);
        previous = lease.fencingToken();
      }
      cycles.add(Duration.ofNanos(System.nanoTime() - start));
    }
    // Waiting for the silent nodes would cost every cycle at least three 250 ms timeouts (read,
    // acquire, release); the median is robust to a stray scheduling stall on a loaded machine.
    cycles.sort(null);
    assertThat(cycles.get(cycles.size() / 2))
        .as("median of %s", cycles)
        .isLessThan(Duration.ofMillis(250));
  }

  /**
   * A majority that does not answer makes the lock unavailable even while the nodes that do answer
   * hold someone's entry: "busy" would send the caller waiting for a release that cannot give it
   * the lock, and end in a timeout that hides the outage. Seen as a flake of the test below in CI
   * (2026-12-02): a failed attempt's own entries, not yet released, answered "held" on the two live
   * nodes before the dead ones had failed, and the round was called busy.
   */
  @Test
  void aMajorityThatDoesNotAnswerIsUnavailableEvenWhileTheOthersHoldTheLock() {
    LockClient holder = client(SETTINGS);
    assertThat(holder.lock(NAME).tryAcquire(Duration.ofSeconds(2))).isPresent();
    List<RedisServer> silent = List.of(servers.get(1), servers.get(2), servers.get(4));
    silent.forEach(RedisServer::pause);
    try {
      LockClient c = client(SETTINGS);
      assertThatThrownBy(() -> c.lock(NAME).acquire(Duration.ofMillis(800)))
          .isInstanceOf(LockBackendException.class)
          .cause()
          .hasMessageContaining("majority");
    } finally {
      silent.forEach(RedisServer::resume);
    }
  }

  @Test
  void failsWithThreeOfFiveNodesDownAndLeavesNoKey() {
    servers.get(1).kill();
    servers.get(2).kill();
    servers.get(4).kill();
    LockClient c = client(SETTINGS);
    long start = System.nanoTime();
    assertThatThrownBy(() -> c.lock(NAME).acquire(Duration.ofMillis(800)))
        .isInstanceOf(LockBackendException.class)
        .cause()
        .hasMessageContaining("majority");
    assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    assertThat(keysHolding(NAME)).as("a failed attempt releases what it took").isZero();
  }

  /**
   * ME breaks under CLOCK_JUMP, TOKEN_MONOTONIC does not: A holds on nodes 0-2 (it cannot reach 3
   * and 4); node 2's clock jumps past the TTL, so its key expires; B, reaching 2-4, gets a majority
   * while A still holds. B's token is larger (node 2 kept its counter), and the guard rejects A.
   */
  @Test
  void clockJumpOnOneNodeLetsASecondHolderInButTheGuardRejectsTheFirst() {
    LockSettings noWatchdog =
        SETTINGS.toBuilder().ttl(Duration.ofSeconds(20)).watchdog(false).build();
    LockClient a = client(noWatchdog, true, true, true, false, false);
    LockClient b = client(noWatchdog, false, false, true, true, true);
    try (RedisClient store = RedisClient.create(servers.get(0).host(), servers.get(0).port())) {
      Inventory inventory = new Inventory(RedisFencedResource.create(store, "stock:"));
      Lease first = a.lock(NAME).acquire(Duration.ofSeconds(5));
      inventory.restock("sku", 10, first.fencingToken());
      long firstRead = inventory.stock("sku", first.fencingToken()); // A works, then stalls

      servers.get(2).clock().shift(Duration.ofSeconds(60));
      Lease second = b.lock(NAME).acquire(Duration.ofSeconds(5));

      assertThat(first.isValid() && second.isValid())
          .as("mutual exclusion is broken: both believe they hold the lock")
          .isTrue();
      assertThat(second.fencingToken()).isGreaterThan(first.fencingToken());
      assertThat(inventory.decrement("sku", second.fencingToken())).isTrue();
      FencedResource raw = RedisFencedResource.create(store, "stock:");
      assertThatThrownBy(() -> raw.write("sku", firstRead - 1, first.fencingToken()))
          .isInstanceOf(StaleTokenException.class);
      assertThat(inventory.stock("sku", second.fencingToken())).isEqualTo(9);
      second.close();
      first.close();
    }
    assertThat(
            client(SETTINGS)
                .guarantees()
                .holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.CLOCK_JUMP)))
        .isFalse();
  }

  /**
   * ME and TOKEN_MONOTONIC break under CRASH_RESTART: A holds on nodes 0-2 with token 4; node 2
   * restarts without its data; B, reaching 2-4, reads only forgotten counters and gets token 1
   * while A still holds. The guard now rejects the legitimate new holder and keeps accepting the
   * old one: it cannot help once tokens regress.
   */
  @Test
  void crashRestartOfOneNodeRegressesTheTokenAndBreaksExclusion() {
    LockSettings noWatchdog =
        SETTINGS.toBuilder().ttl(Duration.ofSeconds(20)).watchdog(false).build();
    LockClient a = client(noWatchdog, true, true, true, false, false);
    LockClient b = client(noWatchdog, false, false, true, true, true);
    for (int i = 0; i < 3; i++) {
      a.lock(NAME).acquire(Duration.ofSeconds(5)).close();
    }
    try (RedisClient store = RedisClient.create(servers.get(0).host(), servers.get(0).port())) {
      FencedResource resource = RedisFencedResource.create(store, "stock:");
      Lease first = a.lock(NAME).acquire(Duration.ofSeconds(5));
      assertThat(first.fencingToken()).isEqualTo(4);
      resource.write("sku", 10, first.fencingToken());

      servers.get(2).kill();
      servers.get(2).restart();
      Lease second = b.lock(NAME).acquire(Duration.ofSeconds(5));

      assertThat(first.isValid() && second.isValid()).as("both hold the lock").isTrue();
      assertThat(second.fencingToken()).isLessThan(first.fencingToken());
      assertThatThrownBy(() -> resource.read("sku", second.fencingToken()))
          .isInstanceOf(StaleTokenException.class);
      resource.write("sku", 9, first.fencingToken());
      second.close();
      first.close();
    }
  }
}
