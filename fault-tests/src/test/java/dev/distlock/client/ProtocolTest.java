package dev.distlock.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProtocolTest {
  @Test
  void specSurvivesTheRoundTripThroughArguments() {
    ClientSpec spec =
        new ClientSpec(
            Backend.REDLOCK,
            List.of("127.0.0.1:1", "127.0.0.1:2", "127.0.0.1:3"),
            Duration.ofMillis(1500),
            false,
            Duration.ofMillis(250),
            Duration.ofSeconds(2),
            "127.0.0.1:9");
    List<String> args = new ArrayList<>(spec.toArgs());
    args.add("parentPort=1234");
    assertThat(ClientSpec.parse(args)).isEqualTo(spec);
  }

  @Test
  void specRejectsMissingArgumentsAndBadValues() {
    assertThatThrownBy(() -> ClientSpec.parse(List.of("backend=REDLOCK")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("endpoints");
    assertThatThrownBy(
            () ->
                new ClientSpec(
                    Backend.ZOOKEEPER,
                    List.of(),
                    Duration.ofSeconds(1),
                    true,
                    Duration.ofSeconds(1),
                    Duration.ofSeconds(1),
                    "x:1"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aSentinelSpecCarriesTheAnnouncedAddressesAndTheSentinelsThroughTheArguments() {
    ClientSpec spec =
        new ClientSpec(
            Backend.REDIS_SENTINEL,
            List.of("127.0.0.1:11", "127.0.0.1:12"),
            Duration.ofMillis(6000),
            false,
            Duration.ofMillis(250),
            Duration.ofSeconds(2),
            "127.0.0.1:9",
            null,
            List.of("127.0.0.1:21", "127.0.0.1:22"),
            List.of("127.0.0.1:31", "127.0.0.1:32", "127.0.0.1:33"));
    assertThat(ClientSpec.parse(spec.toArgs())).isEqualTo(spec);
    assertThat(ReplicatedClients.ports(spec)).containsExactlyInAnyOrder(11, 12, 31, 32, 33);
  }

  @Test
  void discoveringBackendsNeedAnAnnouncedAddressPerLinkAndSentinelItsSentinels() {
    List<String> links = List.of("127.0.0.1:11", "127.0.0.1:12");
    Duration d = Duration.ofSeconds(1);
    assertThatThrownBy(
            () ->
                new ClientSpec(
                    Backend.REDIS_CLUSTER,
                    links,
                    d,
                    false,
                    d,
                    d,
                    "x:1",
                    null,
                    List.of("127.0.0.1:21"),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("one announced address per endpoint");
    assertThatThrownBy(
            () ->
                new ClientSpec(
                    Backend.REDIS_SENTINEL,
                    links,
                    d,
                    false,
                    d,
                    d,
                    "x:1",
                    null,
                    List.of("127.0.0.1:21", "127.0.0.1:22"),
                    List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sentinels");
  }

  @Test
  void repliesParse() {
    assertThat(Reply.parse("ok 42")).isEqualTo(new Reply.Ok("42"));
    assertThat(((Reply.Ok) Reply.parse("ok 42")).asLong()).isEqualTo(42);
    assertThat(Reply.parse("ok")).isEqualTo(new Reply.Ok(""));
    assertThat(Reply.parse("timeout")).isEqualTo(new Reply.Timeout());
    assertThat(Reply.parse("stale 7")).isEqualTo(new Reply.Stale(7));
    assertThat(Reply.parse("error LockBackendException: down"))
        .isEqualTo(new Reply.Error("LockBackendException: down"));
    assertThat(Reply.parse("garbage")).isInstanceOf(Reply.Error.class);
  }
}
