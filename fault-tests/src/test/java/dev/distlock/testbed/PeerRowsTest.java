package dev.distlock.testbed;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.SafetyProperty;
import dev.distlock.client.Backend;
import dev.distlock.client.ClientSpec;
import dev.distlock.matrix.CampaignOptions;
import dev.distlock.matrix.Column;
import dev.distlock.matrix.Expectation;
import dev.distlock.matrix.Expectations;
import dev.distlock.matrix.Row;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The registry, the peer rows of the command line and their expectations; no server. */
class PeerRowsTest {
  @Test
  void everyPeerIsRegisteredWithADeployment() {
    assertThat(TestedLocks.all())
        .extracting(TestedLockFactory::name)
        .containsExactly(
            "redisson-rlock",
            "redisson-fenced",
            "redisson-redlock",
            "curator-mutex",
            "spring-redis",
            "shedlock-redis",
            "curator-semaphore-mutex");
    assertThatThrownBy(() -> TestedLocks.named("no-such-lock"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("redisson-rlock");
  }

  @Test
  void aPeerNameSelectsItsRowsAndOnlyAFencingPeerGetsGuardedRows() {
    assertThat(labels("--locks", "redisson-rlock"))
        .containsExactly("redisson-rlock@single", "redisson-rlock@single-replica");
    assertThat(labels("--locks", "redisson-fenced@single-replica"))
        .containsExactly("redisson-fenced@single-replica", "redisson-fenced@single-replica+guard");
    assertThat(labels("--locks", "redisson-fenced@single+guard"))
        .containsExactly("redisson-fenced@single+guard");
    assertThat(labels("--locks", "single", "--peers"))
        .startsWith("single", "single+guard", "redisson-rlock@single")
        .contains("curator-mutex@zookeeper", "redisson-redlock@redlock", "shedlock-redis@single")
        .doesNotContain("redisson-rlock@single+guard", "redlock");
    assertThatThrownBy(() -> labels("--locks", "redisson-rlock+guard"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("no fencing token");
    assertThatThrownBy(() -> labels("--locks", "redison-rlock"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("peers: [redisson-rlock");
    assertThatThrownBy(() -> labels("--locks", "curator-mutex@single"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("runs on [zookeeper]");
  }

  @Test
  void theCommandLineOfACampaignWithPeersReplaysTheSameRows() {
    CampaignOptions o = CampaignOptions.parse(new String[] {"--locks", "redisson-fenced,single"});
    CampaignOptions again = CampaignOptions.parse(o.toArgs().split(" "));
    assertThat(again.rows()).isEqualTo(o.rows());
  }

  @Test
  void aPeerIsExpectedWhatTheSpecOfItsAlgorithmPredicts() {
    Expectations table = Expectations.load();
    Row rlock = new Row(LockKind.SINGLE_REPLICA, false, "redisson-rlock");
    Expectation me = table.of(rlock, Column.FAILOVER, SafetyProperty.MUTUAL_EXCLUSION);
    Expectation distlock =
        table.of(
            new Row(LockKind.SINGLE_REPLICA, false),
            Column.FAILOVER,
            SafetyProperty.MUTUAL_EXCLUSION);
    assertThat(me.violated()).isTrue();
    assertThat(me.tla()).isEqualTo(distlock.tla());
    // No token: no order to check, whatever the fault.
    Expectation token = table.of(rlock, Column.NONE, SafetyProperty.TOKEN_MONOTONIC);
    assertThat(token.violated()).isTrue();
    assertThat(token.tla()).isEqualTo("no fencing token");
    // With a token, the spec's token prediction: it holds under a client pause.
    Row fenced = new Row(LockKind.SINGLE, true, "redisson-fenced");
    assertThat(table.of(fenced, Column.CLIENT_PAUSE, SafetyProperty.TOKEN_MONOTONIC).violated())
        .isFalse();
    assertThat(table.of(fenced, Column.CLIENT_PAUSE, SafetyProperty.RESOURCE_SAFETY).violated())
        .isFalse();
  }

  @Test
  void aClientSpecCarriesThePluggedInLockToTheChild() {
    ClientSpec spec =
        new ClientSpec(
            Backend.REDIS_SINGLE,
            List.of("127.0.0.1:1"),
            Duration.ofSeconds(1),
            false,
            Duration.ofMillis(250),
            Duration.ofSeconds(2),
            "127.0.0.1:2",
            "redisson-rlock");
    assertThat(ClientSpec.parse(spec.toArgs())).isEqualTo(spec);
    ClientSpec own =
        new ClientSpec(
            Backend.REDLOCK,
            List.of("h:1"),
            Duration.ofSeconds(1),
            true,
            Duration.ofMillis(250),
            Duration.ofSeconds(2),
            "h:2");
    assertThat(own.toArgs()).noneMatch(a -> a.startsWith("lock="));
    assertThat(ClientSpec.parse(own.toArgs()).lock()).isNull();
  }

  private static List<String> labels(String... args) {
    return CampaignOptions.parse(args).rows().stream().map(Row::label).toList();
  }
}
