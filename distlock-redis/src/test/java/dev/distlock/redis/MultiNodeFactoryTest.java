package dev.distlock.redis;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.Fault;
import dev.distlock.Guarantee;
import dev.distlock.Guarantees;
import dev.distlock.LockSettings;
import dev.distlock.SafetyProperty;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Redlock and dual-write factories reject bad configuration before any connection is made. */
class MultiNodeFactoryTest {

  private static List<RedisNode> nodes(int n) {
    List<RedisNode> list = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      list.add(RedisNode.of("127.0.0.1", 1 + i));
    }
    return list;
  }

  @Test
  void redlockNeedsThreeDistinctNodes() {
    assertThatThrownBy(() -> RedisLocks.redlock(nodes(2)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 3");
    List<RedisNode> dup = new ArrayList<>(nodes(3));
    dup.add(RedisNode.of("127.0.0.1", 1));
    assertThatThrownBy(() -> RedisLocks.redlock(dup))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("twice");
    assertThatThrownBy(() -> RedisLocks.redlock(null)).isInstanceOf(NullPointerException.class);
  }

  @Test
  void requestTimeoutMustBeShorterThanTheRenewalInterval() {
    LockSettings shortTtl = LockSettings.builder().ttl(Duration.ofMillis(900)).build();
    assertThatThrownBy(() -> RedisLocks.redlock(nodes(5), shortTtl))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renewal interval");
    assertThatThrownBy(() -> RedisLocks.dualWrite(nodes(2), shortTtl, Duration.ofSeconds(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("renewal interval");
  }

  @Test
  void dualWriteNeedsTwoNodesAndAPositiveProbeInterval() {
    assertThatThrownBy(() -> RedisLocks.dualWrite(nodes(1)))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("at least 2");
    assertThatThrownBy(() -> RedisLocks.dualWrite(nodes(2), LockSettings.defaults(), Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("probeInterval");
  }

  @Test
  void guaranteesNameTheirSpecsAndScenarios() {
    check(RedisGuarantees.REDLOCK, "Redlock", "RedlockTargetedIT");
    check(RedisGuarantees.DUAL_WRITE, "DualWrite", "DualWriteTargetedIT");
    Guarantees redlock = RedisGuarantees.REDLOCK;
    assertThat(redlock.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.PARTITION))).isTrue();
    assertThat(redlock.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.CLIENT_PAUSE)))
        .isFalse();
    assertThat(redlock.holds(SafetyProperty.TOKEN_MONOTONIC, Set.of(Fault.CLOCK_JUMP))).isTrue();
    assertThat(redlock.holds(SafetyProperty.TOKEN_MONOTONIC, Set.of(Fault.CRASH_RESTART)))
        .isFalse();
    Guarantees dual = RedisGuarantees.DUAL_WRITE;
    assertThat(dual.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.PARTITION))).isFalse();
    // A client paused past its request timeout moves a healthy node out of its own queue and
    // counts on the other node alone (DualWrite_ClientPause.violates-TokenMonotonic).
    assertThat(dual.holds(SafetyProperty.TOKEN_MONOTONIC, Set.of(Fault.CLIENT_PAUSE))).isFalse();
    // Everything single Redis breaks under, the dual-write group breaks under too.
    for (SafetyProperty p : SafetyProperty.values()) {
      assertThat(dual.of(p).breaksUnder()).containsAll(RedisGuarantees.SINGLE.of(p).breaksUnder());
    }
  }

  private static void check(Guarantees g, String module, String scenario) {
    assertThat(g.items()).hasSize(SafetyProperty.values().length);
    for (Guarantee item : g.items()) {
      String expected =
          item.property() == SafetyProperty.RESOURCE_SAFETY
              ? "FencedResource!NoLostUpdate"
              : module
                  + "!"
                  + (item.property() == SafetyProperty.MUTUAL_EXCLUSION
                      ? "MutualExclusion"
                      : "TokenMonotonic");
      assertThat(item.tlaSpec()).isEqualTo(expected);
      assertThat(item.faultTest()).isEqualTo(scenario);
      assertThat(item.note()).isNotBlank();
    }
  }
}
