package dev.distlock.nemesis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.Fault;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

/** Every nemesis against real redis-servers and Toxiproxy: start takes effect, heal undoes it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class NemesisIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static Jedis via(ProxiedEndpoint p, int timeoutMs) {
    return new Jedis(
        new HostAndPort(p.host(), p.port()),
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(timeoutMs)
            .socketTimeoutMillis(timeoutMs)
            .build());
  }

  private static boolean pings(ProxiedEndpoint p) {
    try (Jedis j = via(p, 300)) {
      return "PONG".equals(j.ping());
    } catch (JedisConnectionException e) {
      return false;
    }
  }

  private static long serverSeconds(RedisServer s) {
    try (Jedis j = s.client()) {
      return Long.parseLong(j.time().get(0));
    }
  }

  @Test
  void partitionBlackHolesOrRefusesAndHeals() {
    RedisServer redis = cluster.redis();
    ProxiedEndpoint link = cluster.toxiproxy().proxy("nemesis-partition", redis);
    assertThat(pings(link)).isTrue();
    try (Partition held = Partition.of(Partition.Mode.HOLD, List.of(link))) {
      assertThat(held.fault()).contains(Fault.PARTITION);
      held.start();
      long start = System.nanoTime();
      assertThat(pings(link)).isFalse();
      // A partition does not refuse: the client waits for its own timeout.
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(250));
    }
    assertThat(pings(link)).as("healed by close()").isTrue();
    Partition refuse = Partition.of(Partition.Mode.REFUSE, List.of(link));
    refuse.start();
    assertThatThrownBy(() -> via(link, 300).ping()).isInstanceOf(JedisConnectionException.class);
    refuse.heal();
    refuse.heal(); // idempotent
    assertThat(pings(link)).isTrue();
  }

  /**
   * The matrix's partition must be one TCP would see: the black hole it used dropped what was sent
   * and its heal reset the connections, which for a lock bound to its session (FOR UPDATE) is a
   * drop, not a partition. A held partition delivers the command sent meanwhile, on the same
   * connection, at the heal; a black hole loses it and resets the connection.
   */
  @Test
  void aHeldPartitionDeliversWhatWasSentMeanwhileOnTheSameConnectionAtTheHeal() throws Exception {
    RedisServer redis = cluster.redis();
    ProxiedEndpoint link = cluster.toxiproxy().proxy("nemesis-hold", redis);
    assertThat(sentDuringThePartition(redis, link, Partition.Mode.HOLD, "held"))
        .as("the held command's reply, on the connection that sent it")
        .isEqualTo("1 server=1");
    assertThat(sentDuringThePartition(redis, link, Partition.Mode.BLACKHOLE, "black-holed"))
        .as("a black hole loses the command and its heal resets the connection")
        .isEqualTo("reset server=null");
  }

  private static String sentDuringThePartition(
      RedisServer redis, ProxiedEndpoint link, Partition.Mode mode, String key) throws Exception {
    ExecutorService sender = Executors.newSingleThreadExecutor();
    try (Jedis j = via(link, 10_000);
        Jedis direct = redis.client();
        Partition cut = Partition.of(mode, List.of(link))) {
      j.ping();
      cut.start();
      Future<String> reply =
          sender.submit(
              () -> {
                try {
                  return Long.toString(j.incr(key));
                } catch (JedisConnectionException e) {
                  return "reset";
                }
              });
      Awaitility.await()
          .during(Duration.ofMillis(500))
          .atMost(Duration.ofSeconds(2))
          .until(() -> !reply.isDone() && direct.get(key) == null);
      cut.heal();
      String answer = reply.get(5, TimeUnit.SECONDS);
      return answer + " server=" + direct.get(key);
    } finally {
      sender.shutdownNow();
    }
  }

  @Test
  void latencyDelaysResponsesUntilHealed() {
    RedisServer redis = cluster.redis();
    ProxiedEndpoint link = cluster.toxiproxy().proxy("nemesis-latency", redis);
    Latency latency = Latency.of(Duration.ofMillis(400), Duration.ofMillis(50), List.of(link));
    try (Jedis j = via(link, 5_000)) {
      j.ping();
      latency.start();
      long start = System.nanoTime();
      j.ping();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThan(Duration.ofMillis(300));
      latency.heal();
      start = System.nanoTime();
      j.ping();
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(300));
    } finally {
      latency.heal();
    }
  }

  /**
   * An aimed start slows a link, starts its fault there and heals the slowing at once: the heal
   * must leave the fault in place. It did not (a latency heal removed every toxic of the link), so
   * aimed partitions lasted ~10 ms (and their heal, which closes the black-holed connections,
   * dropped a PostgreSQL session and freed its FOR UPDATE lock early).
   */
  @Test
  void healingALatencyLeavesAPartitionOfTheSameLinkInPlace() {
    RedisServer redis = cluster.redis();
    ProxiedEndpoint link = cluster.toxiproxy().proxy("nemesis-latency-partition", redis);
    Latency slow = Latency.of(Duration.ofMillis(100), Duration.ZERO, List.of(link));
    try (Partition cut = Partition.of(Partition.Mode.HOLD, List.of(link))) {
      slow.start();
      cut.start();
      slow.heal();
      assertThat(pings(link)).as("still partitioned after the latency's heal").isFalse();
    } finally {
      slow.heal();
    }
    assertThat(pings(link)).isTrue();
  }

  @Test
  void serverPauseStopsTheProcessUntilHealed() {
    RedisServer redis = cluster.redis();
    try (ProcessPause pause = ProcessPause.redisServers(List.of(redis))) {
      assertThat(pause.fault()).contains(Fault.SERVER_PAUSE);
      pause.start();
      assertThat(redis.process().isPaused()).isTrue();
      // The kernel still accepts the connection; nothing answers on it.
      assertThatThrownBy(
              () -> {
                try (Jedis j = redis.client(Duration.ofMillis(300))) {
                  j.ping();
                }
              })
          .isInstanceOf(JedisConnectionException.class);
    }
    assertThat(redis.process().isPaused()).isFalse();
    try (Jedis j = redis.client()) {
      assertThat(j.ping()).isEqualTo("PONG");
    }
  }

  @Test
  void clockJumpsForwardExpiringKeysAndBackAndHealsToRealTime() {
    RedisServer redis = cluster.redis(b -> b.clockShift(true));
    try (Jedis j = redis.client()) {
      j.psetex("k", 60_000, "v");
    }
    long real = serverSeconds(redis);
    try (ClockJump forward = ClockJump.of(Duration.ofSeconds(120), List.of(redis))) {
      forward.start();
      assertThat(serverSeconds(redis)).isBetween(real + 110, real + 130);
      try (Jedis j = redis.client()) {
        assertThat(j.get("k")).as("a 60 s key is gone after a 120 s jump").isNull();
      }
    }
    assertThat(serverSeconds(redis)).isBetween(real - 10, real + 10);
    try (ClockJump back = ClockJump.of(Duration.ofSeconds(-300), List.of(redis))) {
      back.start();
      assertThat(serverSeconds(redis)).isBetween(real - 310, real - 290);
    }
    assertThat(serverSeconds(redis)).isBetween(real - 10, real + 10);
  }

  @Test
  void crashRestartLosesDataWithoutPersistenceAndKeepsItWithAppendfsyncAlways() {
    RedisServer volatileServer = cluster.redis();
    RedisServer durable = cluster.redis(b -> b.persistent(true));
    for (RedisServer s : List.of(volatileServer, durable)) {
      try (Jedis j = s.client()) {
        j.set("k", "v");
      }
    }
    long before = volatileServer.pid();
    try (CrashRestart crash = CrashRestart.of(List.of(volatileServer, durable))) {
      crash.start();
    }
    assertThat(volatileServer.pid()).isNotEqualTo(before);
    try (Jedis j = volatileServer.client()) {
      assertThat(j.get("k")).isNull();
    }
    try (Jedis j = durable.client()) {
      assertThat(j.get("k")).isEqualTo("v");
    }
  }

  @Test
  void failoverPromotesTheLaggingReplicaAndMovesTheFront() {
    RedisServer master = cluster.redis();
    RedisServer replica = cluster.redis();
    ProxiedEndpoint link = cluster.toxiproxy().proxy("nemesis-replication", master);
    ProxiedEndpoint front = cluster.toxiproxy().proxy("nemesis-front", master);
    replica.replicaOf(link.host(), link.port());
    Awaitility.await().atMost(Timing.seconds(20)).until(replica::replicationLinkUp);
    Failover failover = Failover.of(master, replica, link, List.of(front));
    try {
      try (Jedis j = via(front, 2_000)) {
        j.set("before", "1");
        Awaitility.await()
            .atMost(Timing.seconds(10))
            .until(() -> "1".equals(replicaGet(replica, "before")));
        failover.lag();
        j.set("after", "1");
      }
      failover.start();
      assertThat(master.isAlive()).isFalse();
      Awaitility.await().atMost(Timing.seconds(10)).until(() -> pings(front));
      try (Jedis j = via(front, 2_000)) {
        assertThat(j.get("before")).isEqualTo("1");
        assertThat(j.get("after")).as("acknowledged by the master, never replicated").isNull();
        j.set("writable", "1"); // promoted: no longer a read-only replica
      }
    } finally {
      failover.heal();
    }
    assertThat(master.isAlive()).isTrue();
  }

  private static String replicaGet(RedisServer replica, String key) {
    try (Jedis j = replica.client()) {
      return j.get(key);
    }
  }
}
