package dev.distlock;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SettingsAndGuaranteesTest {

  @Test
  void defaultsFollowTheEcosystem() {
    LockSettings s = LockSettings.defaults();
    assertThat(s.ttl()).isEqualTo(Duration.ofSeconds(30));
    assertThat(s.renewInterval()).isEqualTo(Duration.ofSeconds(10));
    assertThat(s.watchdog()).isTrue();
  }

  @Test
  void aDefaultRenewalFollowsANewTtl() {
    LockSettings s = LockSettings.defaults().toBuilder().ttl(Duration.ofMillis(600)).build();
    assertThat(s.renewInterval()).isEqualTo(Duration.ofMillis(200));
    LockSettings explicit =
        LockSettings.builder().renewInterval(Duration.ofSeconds(1)).build().toBuilder().build();
    assertThat(explicit.renewInterval()).isEqualTo(Duration.ofSeconds(1));
  }

  @Test
  void badSettingsAreRejected() {
    assertThatThrownBy(() -> LockSettings.builder().ttl(Duration.ofMillis(10)).build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("ttl");
    assertThatThrownBy(() -> LockSettings.builder().ttl(Duration.ZERO).build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                LockSettings.builder()
                    .ttl(Duration.ofSeconds(1))
                    .renewInterval(Duration.ofSeconds(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renewInterval");
    assertThatThrownBy(
            () ->
                LockSettings.builder()
                    .retryDelay(Duration.ofMillis(5), Duration.ofMillis(1))
                    .build())
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LockSettings.builder().ttl(null))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void guaranteesAnswerPerFault() {
    Guarantees g =
        new Guarantees(
            "t",
            List.of(
                new Guarantee(
                    SafetyProperty.MUTUAL_EXCLUSION,
                    EnumSet.of(Fault.CLIENT_PAUSE),
                    "T!ME",
                    "TIT",
                    "n")));
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.LATENCY))).isTrue();
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.CLIENT_PAUSE))).isFalse();
    assertThatThrownBy(() -> g.of(SafetyProperty.TOKEN_MONOTONIC))
        .hasMessageContaining("TOKEN_MONOTONIC");
    assertThatThrownBy(
            () ->
                new Guarantees(
                    "t",
                    List.of(
                        new Guarantee(SafetyProperty.MUTUAL_EXCLUSION, Set.of(), "", "", ""),
                        new Guarantee(SafetyProperty.MUTUAL_EXCLUSION, Set.of(), "", "", ""))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
