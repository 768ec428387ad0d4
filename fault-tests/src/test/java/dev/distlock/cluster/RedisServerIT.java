package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;
import redis.clients.jedis.exceptions.JedisDataException;

class RedisServerIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final Duration SHORT = Duration.ofMillis(500);

  @Test
  void startsOnLoopbackAndAnswersPing() throws Exception {
    RedisServer redis = cluster.redis();

    assertThat(redis.host()).isEqualTo("127.0.0.1");
    assertThat(redis.isAlive()).isTrue();
    assertThat(ProcessHandle.of(redis.pid())).isPresent();
    try (Jedis jedis = redis.client()) {
      assertThat(jedis.ping()).isEqualTo("PONG");
      assertThat(jedis.configGet("save").get("save")).isEmpty();
      assertThat(jedis.configGet("appendonly").get("appendonly")).isEqualTo("no");
      assertThat(jedis.configGet("bind").get("bind")).isEqualTo("127.0.0.1");
    }
    assertThat(Files.readString(redis.logFile())).contains("Ready to accept connections");
    assertThat(redis.logFile().toString()).contains("cluster-logs/RedisServerIT/");
  }

  @Test
  void killThenRestartComesBackOnTheSamePortWithoutTheData() {
    RedisServer redis = cluster.redis();
    int port = redis.port();
    long oldPid = redis.pid();
    try (Jedis jedis = redis.client()) {
      jedis.set("k", "v");
    }

    redis.kill();

    assertThat(redis.isAlive()).isFalse();
    assertThat(ProcessHandle.of(oldPid).map(ProcessHandle::isAlive))
        .isNotEqualTo(java.util.Optional.of(true));
    assertThatThrownBy(() -> ping(redis, SHORT)).isInstanceOf(JedisConnectionException.class);

    redis.restart();

    assertThat(redis.port()).isEqualTo(port);
    assertThat(redis.pid()).isNotEqualTo(oldPid);
    try (Jedis jedis = redis.client()) {
      assertThat(jedis.ping()).isEqualTo("PONG");
      assertThat(jedis.get("k")).isNull();
    }
  }

  @Test
  void persistentServerKeepsAcknowledgedWritesAcrossACrash() {
    RedisServer redis = cluster.redis(b -> b.persistent(true));
    try (Jedis jedis = redis.client()) {
      assertThat(jedis.configGet("appendfsync").get("appendfsync")).isEqualTo("always");
      jedis.set("k", "v");
    }

    redis.kill();
    redis.restart();

    try (Jedis jedis = redis.client()) {
      assertThat(jedis.get("k")).isEqualTo("v");
    }
  }

  @Test
  void stopIsGracefulAndRestartable() {
    RedisServer redis = cluster.redis();

    redis.stop();

    assertThat(redis.isAlive()).isFalse();
    assertThat(redis.process().exitCode()).contains(0);
    redis.restart();
    assertThat(ping(redis, SHORT)).isEqualTo("PONG");
  }

  @Test
  void pauseMakesPingTimeOutAndResumeRestoresIt() {
    RedisServer redis = cluster.redis();

    redis.pause();

    assertThat(redis.process().isPaused()).isTrue();
    assertThatThrownBy(() -> ping(redis, SHORT))
        .isInstanceOf(JedisConnectionException.class)
        .hasRootCauseInstanceOf(java.net.SocketTimeoutException.class);

    redis.resume();

    assertThat(ping(redis, SHORT)).isEqualTo("PONG");
  }

  @Test
  void replicaFollowsItsMasterAndPromoteMakesItWritable() {
    RedisServer master = cluster.redis();
    RedisServer replica = cluster.redis();

    replica.replicaOf(master.host(), master.port());
    await().atMost(Timing.seconds(15)).until(replica::replicationLinkUp);
    try (Jedis m = master.client();
        Jedis r = replica.client()) {
      m.set("k", "v1");
      await().atMost(Timing.seconds(10)).until(() -> "v1".equals(r.get("k")));
      assertThatThrownBy(() -> r.set("k", "x"))
          .isInstanceOf(JedisDataException.class)
          .hasMessageStartingWith("READONLY");

      replica.promote();

      assertThat(r.info("replication")).contains("role:master");
      r.set("k", "v2");
      assertThat(r.get("k")).isEqualTo("v2");
      assertThat(m.get("k")).isEqualTo("v1");
    }
  }

  @Test
  void passwordAndAclUsersAreEnforced() {
    RedisServer redis =
        cluster.redis(
            b -> b.password("s3cret").option("--user", "alice", "on", ">pw", "~*", "+@all"));

    assertThat(redis.password()).contains("s3cret");
    assertThat(ping(redis, SHORT)).isEqualTo("PONG");
    try (Jedis anonymous = new Jedis(new HostAndPort(redis.host(), redis.port()))) {
      assertThatThrownBy(anonymous::ping).hasMessageStartingWith("NOAUTH");
    }
    try (Jedis alice =
        new Jedis(
            new HostAndPort(redis.host(), redis.port()),
            DefaultJedisClientConfig.builder().user("alice").password("pw").build())) {
      assertThat(alice.ping()).isEqualTo("PONG");
    }
  }

  @Test
  void optionsOverrideTheDefaults() {
    RedisServer redis = cluster.redis(b -> b.option("appendonly", "yes"));

    try (Jedis jedis = redis.client()) {
      assertThat(jedis.configGet("appendonly").get("appendonly")).isEqualTo("yes");
    }
  }

  @Test
  void closeKillsTheServerAndDeletesItsData() {
    RedisServer redis = RedisServer.start();
    long pid = redis.pid();

    redis.close();
    redis.close();

    assertThat(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)).isFalse();
    assertThat(redis.dataDir()).doesNotExist();
    assertThatThrownBy(redis::restart).isInstanceOf(IllegalStateException.class);
  }

  private static String ping(RedisServer redis, Duration timeout) {
    try (Jedis jedis = redis.client(timeout)) {
      return jedis.ping();
    }
  }
}
