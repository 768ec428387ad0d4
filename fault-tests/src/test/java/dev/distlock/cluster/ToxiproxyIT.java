package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.net.ConnectException;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisConnectionException;

class ToxiproxyIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final Duration SHORT = Duration.ofMillis(500);

  @Test
  void proxyPassesTraffic() {
    RedisServer redis = cluster.redis();
    ProxiedEndpoint front = cluster.toxiproxy().proxy("pass", redis);

    assertThat(front.host()).isEqualTo("127.0.0.1");
    assertThat(front.port()).isNotEqualTo(redis.port());
    assertThat(front.upstream()).isEqualTo("127.0.0.1:" + redis.port());
    try (Jedis jedis = connect(front, SHORT)) {
      jedis.set("k", "v");
    }
    try (Jedis direct = redis.client()) {
      assertThat(direct.get("k")).isEqualTo("v");
    }
  }

  @Test
  void timeoutZeroToxicBlackHolesTrafficUntilHealed() {
    RedisServer redis = cluster.redis();
    ProxiedEndpoint front = cluster.toxiproxy().proxy("blackhole", redis);

    front.blackhole();

    assertThatThrownBy(() -> ping(front))
        .isInstanceOf(JedisConnectionException.class)
        .hasRootCauseInstanceOf(SocketTimeoutException.class);

    front.heal();

    assertThat(ping(front)).isEqualTo("PONG");
  }

  @Test
  void rawToxiproxyApiIsReachableThroughTheEndpoint() throws Exception {
    RedisServer redis = cluster.redis();
    ProxiedEndpoint front = cluster.toxiproxy().proxy("raw", redis);

    front.proxy().toxics().timeout("raw-up", ToxicDirection.UPSTREAM, 0);
    assertThatThrownBy(() -> ping(front)).isInstanceOf(JedisConnectionException.class);

    cluster.toxiproxy().resetAll();

    assertThat(front.proxy().toxics().getAll()).isEmpty();
    assertThat(ping(front)).isEqualTo("PONG");
  }

  @Test
  void disabledProxyRefusesConnectionsUntilEnabled() {
    RedisServer redis = cluster.redis();
    ProxiedEndpoint front = cluster.toxiproxy().proxy("refuse", redis);

    front.disable();

    assertThatThrownBy(() -> new Socket(front.host(), front.port()).close())
        .isInstanceOf(ConnectException.class);

    front.enable();

    assertThat(ping(front)).isEqualTo("PONG");
  }

  @Test
  void latencyToxicDelaysResponses() {
    RedisServer redis = cluster.redis();
    ProxiedEndpoint front = cluster.toxiproxy().proxy("slow", redis);
    try (Jedis jedis = connect(front, Duration.ofSeconds(5))) {
      jedis.ping();

      front.latency(Duration.ofMillis(300), Duration.ofMillis(50));
      long start = System.nanoTime();
      jedis.ping();
      long tookMs = (System.nanoTime() - start) / 1_000_000;

      assertThat(tookMs).isGreaterThanOrEqualTo(240);
    }
  }

  @Test
  void toxicsDoNotLeakIntoTheNextTest_part1() {
    // With the test below: the extension resets the shared server after each test.
    cluster.toxiproxy().proxy("leak1", cluster.redis()).blackhole();
    assertThat(cluster.toxiproxy().proxies()).isNotEmpty();
  }

  @Test
  void toxicsDoNotLeakIntoTheNextTest_part2() throws Exception {
    for (ProxiedEndpoint p : cluster.toxiproxy().proxies()) {
      assertThat(p.proxy().toxics().getAll()).isEmpty();
    }
  }

  private static Jedis connect(ProxiedEndpoint front, Duration timeout) {
    int ms = (int) timeout.toMillis();
    return new Jedis(
        new HostAndPort(front.host(), front.port()),
        DefaultJedisClientConfig.builder()
            .connectionTimeoutMillis(ms)
            .socketTimeoutMillis(ms)
            .build());
  }

  private static String ping(ProxiedEndpoint front) {
    try (Jedis jedis = connect(front, SHORT)) {
      return jedis.ping();
    }
  }
}
