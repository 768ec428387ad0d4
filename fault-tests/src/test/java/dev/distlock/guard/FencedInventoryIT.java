package dev.distlock.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.ZooKeeperServer;
import dev.distlock.guard.FencedResource.Fencing;
import dev.distlock.redis.RedisFencedResource;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import dev.distlock.zookeeper.Sessions;
import dev.distlock.zookeeper.ZooKeeperLocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import redis.clients.jedis.RedisClient;

/**
 * The overselling example on real servers: a stock counter in Redis, guarded by a {@link
 * FencedResource}, decremented under each of the four lock types. When two clients hold the lock at
 * once — forced by letting the first one's lease run out (or its session expire) while it keeps
 * working — the stale write is rejected and the stock stays exact.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class FencedInventoryIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final List<RedisServer> redis = new ArrayList<>();
  private static ZooKeeperServer zk;
  private static final AtomicInteger NAMES = new AtomicInteger();
  private static RedisClient store;
  private final List<AutoCloseable> closeables = new ArrayList<>();

  @BeforeAll
  static void startServers() {
    redis.clear();
    for (int i = 0; i < 5; i++) {
      redis.add(cluster.redis());
    }
    zk = cluster.zookeeper();
    store = cluster.manage(RedisClient.create(redis.get(4).host(), redis.get(4).port()));
  }

  @BeforeEach
  void cleanStore() {
    store.flushAll();
  }

  @AfterEach
  void close() throws Exception {
    for (int i = closeables.size() - 1; i >= 0; i--) {
      closeables.get(i).close();
    }
  }

  private static RedisNode node(RedisServer s) {
    return RedisNode.builder(s.host(), s.port())
        .requestTimeout(Duration.ofMillis(300))
        .connectTimeout(Duration.ofMillis(300))
        .build();
  }

  /** A lock client of the given type, plus how to take its lease away while it keeps working. */
  private record Holder(LockClient locks, CuratorFramework curator) {}

  private Holder holder(String type, LockSettings settings) {
    CuratorFramework curator = null;
    LockClient locks =
        switch (type) {
          case "single" -> RedisLocks.single(node(redis.get(0)), settings);
          case "redlock" -> RedisLocks.redlock(redis.stream().map(s -> node(s)).toList(), settings);
          case "dual-write" ->
              RedisLocks.dualWrite(
                  List.of(node(redis.get(0)), node(redis.get(1))),
                  settings,
                  Duration.ofMillis(200));
          case "zookeeper" -> {
            curator =
                CuratorFrameworkFactory.builder()
                    .connectString(zk.connectString())
                    .sessionTimeoutMs(4_000)
                    .connectionTimeoutMs(1_000)
                    .retryPolicy(new RetryNTimes(2, 100))
                    .build();
            curator.start();
            closeables.add(curator);
            yield ZooKeeperLocks.create(curator, "/guard", settings);
          }
          default -> throw new IllegalArgumentException(type);
        };
    closeables.add(locks);
    return new Holder(locks, curator);
  }

  /** The fault: TTL locks without watchdog run out while the holder works; ZooKeeper expires. */
  private static void takeAwayWhileWorking(Holder h, Lease lease, LockSettings settings)
      throws Exception {
    if (h.curator() == null) {
      // The sleep is the fault: the holder "works" past its lease, like a long GC pause.
      Thread.sleep(settings.ttl().plusMillis(200).toMillis());
    } else {
      Sessions.expire(h.curator(), zk.connectString());
      await().atMost(Duration.ofSeconds(15)).until(() -> !lease.isValid());
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "redlock", "dual-write", "zookeeper"})
  void twoHoldersAtOnceTheStaleWriteIsRejectedAndTheStockIsExact(String type) throws Exception {
    String name = "guard-" + type + "-" + NAMES.incrementAndGet();
    LockSettings expiring =
        LockSettings.builder().ttl(Duration.ofMillis(600)).watchdog(false).build();
    Holder first = holder(type, expiring);
    Holder second = holder(type, LockSettings.builder().ttl(Duration.ofSeconds(5)).build());
    FencedResource resource = RedisFencedResource.create(store, "stock:");
    Inventory inventory = new Inventory(resource);

    Lease old = first.locks().lock(name).acquire(Duration.ofSeconds(5));
    inventory.restock("sku", 10, old.fencingToken());
    long oldRead = inventory.stock("sku", old.fencingToken()); // read, then stall
    takeAwayWhileWorking(first, old, expiring);

    try (Lease fresh = second.locks().lock(name).acquire(Duration.ofSeconds(10))) {
      assertThat(fresh.fencingToken()).isGreaterThan(old.fencingToken());
      assertThat(inventory.decrement("sku", fresh.fencingToken())).isTrue();
      // The old holder wakes up and finishes its decrement from its stale read.
      assertThatThrownBy(() -> resource.write("sku", oldRead - 1, old.fencingToken()))
          .isInstanceOf(StaleTokenException.class);
      assertThatThrownBy(() -> inventory.decrement("sku", old.fencingToken()))
          .isInstanceOf(StaleTokenException.class);
      assertThat(inventory.stock("sku", fresh.fencingToken())).isEqualTo(9);
    }
    old.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"single", "redlock", "dual-write", "zookeeper"})
  void concurrentBuyersNeverOversell(String type) throws Exception {
    String name = "oversell-" + type + "-" + NAMES.incrementAndGet();
    LockSettings settings =
        LockSettings.builder()
            .ttl(Duration.ofSeconds(5))
            .retryDelay(Duration.ofMillis(2), Duration.ofMillis(20))
            .build();
    List<LockClient> buyers =
        List.of(holder(type, settings).locks(), holder(type, settings).locks());
    Inventory inventory = new Inventory(RedisFencedResource.create(store, "stock:"));
    try (Lease setup = buyers.get(0).lock(name).acquire(Duration.ofSeconds(5))) {
      inventory.restock("sku", 30, setup.fencingToken());
    }
    AtomicLong sold = new AtomicLong();
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        LockClient buyer = buyers.get(t % 2);
        futures.add(
            pool.submit(
                () -> {
                  for (int i = 0; i < 10; i++) {
                    try (Lease lease = buyer.lock(name).acquire(Duration.ofSeconds(30))) {
                      if (inventory.decrement("sku", lease.fencingToken())) {
                        sold.incrementAndGet();
                      }
                    }
                  }
                  return null;
                }));
      }
      for (Future<?> f : futures) {
        f.get(90, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
    }
    try (Lease check = buyers.get(1).lock(name).acquire(Duration.ofSeconds(5))) {
      long stock = inventory.stock("sku", check.fencingToken());
      assertThat(sold.get()).as("40 attempts for 30 units").isEqualTo(30);
      assertThat(stock).isZero();
    }
  }

  /** Tokens beyond 2^53 compare exactly (as strings), where Lua numbers would round. */
  @Test
  void redisStoreComparesLargeTokensExactly() {
    FencedResource resource = RedisFencedResource.create(store, "big:");
    long big = (1L << 53) + 1;
    resource.write("k", 1, big);
    assertThatThrownBy(() -> resource.read("k", big - 1)).isInstanceOf(StaleTokenException.class);
    assertThat(resource.read("k", big)).hasValue(1);
    assertThat(resource.highestToken("k")).hasValue(big);
    resource.write("k", 2, Long.MAX_VALUE);
    assertThatThrownBy(() -> resource.write("k", 3, Long.MAX_VALUE - 1))
        .isInstanceOf(StaleTokenException.class);
    assertThat(resource.read("k", Long.MAX_VALUE)).hasValue(2);
  }

  /** The DESIGN.md interleaving on the Redis store: write-only fencing loses an update. */
  @Test
  void writeOnlyFencingLosesAnUpdateOnRedisAccessFencingDoesNot() {
    for (Fencing fencing : Fencing.values()) {
      FencedResource r = RedisFencedResource.create(store, "mode-" + fencing + ":", fencing);
      r.write("sku", 10, 1);
      long oldRead = r.read("sku", 5).orElseThrow();
      long newRead = r.read("sku", 6).orElseThrow();
      int acknowledged = 1; // the new holder's write below
      try {
        r.write("sku", oldRead - 1, 5);
        acknowledged++;
      } catch (StaleTokenException rejected) {
        // nothing sold by the stale holder
      }
      r.write("sku", newRead - 1, 6);
      long lost = r.read("sku", 6).orElseThrow() - (10 - acknowledged);
      assertThat(lost)
          .as("updates lost under " + fencing)
          .isEqualTo(fencing == Fencing.ACCESS ? 0 : 1);
    }
  }
}
