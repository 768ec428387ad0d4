package dev.distlock.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.RedisServer;
import dev.distlock.nemesis.ProcessPause;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** A lock client in a child JVM: the protocol end to end, and a pause that freezes everything. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ClientProcessIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static ClientSpec spec(RedisServer redis, Duration ttl) {
    String at = redis.host() + ":" + redis.port();
    return new ClientSpec(
        Backend.REDIS_SINGLE,
        List.of(at),
        ttl,
        true,
        Duration.ofMillis(250),
        Duration.ofSeconds(2),
        at);
  }

  @Test
  void speaksTheProtocolAndQuits() {
    RedisServer redis = cluster.redis();
    try (ClientProcess c =
        cluster.manage(
            ClientProcess.start(1, spec(redis, Duration.ofSeconds(2)), cluster.logDir()))) {
      Duration d = Duration.ofSeconds(5);
      Reply acquired = c.call("acquire L 1000", d);
      assertThat(acquired).isInstanceOf(Reply.Ok.class);
      long token = ((Reply.Ok) acquired).asLong();
      assertThat(c.call("valid L", d)).isEqualTo(new Reply.Ok("true"));
      assertThat(c.call("fwrite sku 5 " + token, d)).isEqualTo(new Reply.Ok(""));
      assertThat(c.call("fread sku " + token, d)).isEqualTo(new Reply.Ok("5"));
      assertThat(c.call("fread sku " + (token - 1), d)).isEqualTo(new Reply.Stale(token));
      assertThat(c.call("read sku", d)).isEqualTo(new Reply.Ok("5"));
      assertThat(c.call("release L", d)).isEqualTo(new Reply.Ok(""));
      assertThat(c.call("release L", d)).isInstanceOf(Reply.Error.class);
      assertThat(c.call("bogus", d)).isInstanceOf(Reply.Error.class);
      c.close();
      assertThat(c.process().waitFor(Duration.ofSeconds(5))).isTrue();
    }
  }

  @Test
  void aPausedClientAnswersNothingItsLeaseExpiresAndALateReplyIsDropped() {
    RedisServer redis = cluster.redis();
    Duration ttl = Duration.ofMillis(800);
    try (ClientProcess c =
            cluster.manage(ClientProcess.start(1, spec(redis, ttl), cluster.logDir()));
        ClientProcess other =
            cluster.manage(ClientProcess.start(2, spec(redis, ttl), cluster.logDir()))) {
      assertThat(c.call("acquire L 1000", Duration.ofSeconds(5))).isInstanceOf(Reply.Ok.class);
      try (ProcessPause pause = ProcessPause.clients(List.of(c))) {
        pause.start();
        assertThat(c.call("valid L", Duration.ofMillis(300))).isInstanceOf(Reply.NoReply.class);
        // The watchdog is frozen too: the lease runs out and another client gets the lock.
        assertThat(other.call("acquire L 5000", Duration.ofSeconds(10)))
            .isInstanceOf(Reply.Ok.class);
      }
      assertThat(c.isPaused()).isFalse();
      // The reply to the "valid" sent during the pause is dropped; this call gets its own.
      assertThat(c.call("read nothing", Duration.ofSeconds(5))).isEqualTo(new Reply.Ok("none"));
    }
  }
}
