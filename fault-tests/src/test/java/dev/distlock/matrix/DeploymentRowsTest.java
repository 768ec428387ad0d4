package dev.distlock.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.Fault;
import dev.distlock.generator.Plan;
import dev.distlock.generator.PlanGenerator;
import dev.distlock.workload.LockKind;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The Sentinel and Cluster rows: their names, the columns that apply, the options that select them
 * and the plans of their failover cell.
 */
class DeploymentRowsTest {
  @Test
  void theNewLockNamesParseAndRoundTrip() {
    assertThat(Row.parseLock("sentinel")).isEqualTo(LockKind.SENTINEL);
    assertThat(Row.parseLock(" Cluster ")).isEqualTo(LockKind.CLUSTER);
    assertThat(new Row(LockKind.SENTINEL, true).label()).isEqualTo("sentinel+guard");
    assertThat(new Row(LockKind.CLUSTER, false).label()).isEqualTo("cluster");
    for (LockKind k : LockKind.values()) {
      assertThat(Row.parseLock(Row.lockName(k))).isEqualTo(k);
    }
    assertThatThrownBy(() -> Row.parseLock("sentinels"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("sentinel")
        .hasMessageContaining("cluster");
  }

  @Test
  void sentinelAndClusterHaveTheirOwnFailoverButNoClockJumpOrCrashRestart() {
    Set<Column> expected =
        EnumSet.of(
            Column.NONE,
            Column.PARTITION,
            Column.LATENCY,
            Column.SERVER_PAUSE,
            Column.CLIENT_PAUSE,
            Column.FAILOVER);
    for (LockKind k : EnumSet.of(LockKind.SENTINEL, LockKind.CLUSTER)) {
      assertThat(k.serverFailover()).isTrue();
      Set<Column> applies =
          Arrays.stream(Column.values()).filter(c -> c.appliesTo(k)).collect(Collectors.toSet());
      assertThat(applies).as("%s", k).isEqualTo(expected);
    }
    // The other rows keep theirs: only the hand-promoted replica fails over.
    for (LockKind k : LockKind.values()) {
      if (!k.serverFailover()) {
        assertThat(Column.FAILOVER.appliesTo(k))
            .as("%s", k)
            .isEqualTo(k == LockKind.SINGLE_REPLICA);
      }
    }
  }

  @Test
  void theLocksOptionSelectsTheNewRows() {
    CampaignOptions o =
        CampaignOptions.parse(
            new String[] {"--locks", "sentinel,cluster+guard", "--nemeses", "failover"});
    assertThat(o.rows())
        .containsExactly(
            new Row(LockKind.SENTINEL, false),
            new Row(LockKind.SENTINEL, true),
            new Row(LockKind.CLUSTER, true));
    assertThat(o.columns()).containsExactly(Column.FAILOVER);
  }

  @Test
  void aFailoverTheServersDecideGetsATtlTheHolderOutlivesItWith() {
    for (long seed = 0; seed < 50; seed++) {
      for (LockKind k : EnumSet.of(LockKind.SENTINEL, LockKind.CLUSTER)) {
        Plan p = PlanGenerator.generate(k, false, Optional.of(Fault.FAILOVER), seed);
        assertThat(p.ttl().toMillis()).as("%s seed %d", k, seed).isGreaterThanOrEqualTo(8000);
        assertThat(p.schedule()).hasSize(1);
      }
      // The hand-promoted replica keeps its plans (same seed, same plan as before).
      Plan replica =
          PlanGenerator.generate(LockKind.SINGLE_REPLICA, false, Optional.of(Fault.FAILOVER), seed);
      assertThat(replica.ttl().toMillis()).isIn(2000L, 3000L);
    }
  }

  /**
   * A server pause on the rows whose servers fail over by themselves stays below their failure
   * detector, targeted and continuous: a longer pause is the failover column (seed 20261202 paused
   * Sentinel's master and replica for 1,950 ms; the sentinels promoted the replica and the token
   * went back, which is {@code SingleRedis_Failover}, not the pause cell's {@code NoFault}).
   */
  @Test
  void aServerPauseOnSentinelOrClusterStaysBelowTheirFailureDetector() {
    long limit = PlanGenerator.SERVER_FAILOVER_DETECTOR_MS;
    for (long seed = 0; seed < 50; seed++) {
      for (LockKind k : EnumSet.of(LockKind.SENTINEL, LockKind.CLUSTER)) {
        Plan p = PlanGenerator.generate(k, false, Optional.of(Fault.SERVER_PAUSE), seed);
        assertThat(p.schedule())
            .isNotEmpty()
            .allMatch(s -> s.window().toMillis() < limit, "below " + limit + " ms");
        dev.distlock.generator.LoadPlan l =
            dev.distlock.generator.LoadGenerator.generate(
                k, false, Optional.of(Fault.SERVER_PAUSE), seed, 40_000);
        assertThat(l.schedule())
            .isNotEmpty()
            .allMatch(f -> f.windowMs() < limit, "below " + limit + " ms");
      }
      // The single server's pause cell keeps its long pauses.
      assertThat(
              PlanGenerator.generate(LockKind.SINGLE, false, Optional.of(Fault.SERVER_PAUSE), seed)
                  .schedule()
                  .get(0)
                  .window()
                  .toMillis())
          .isGreaterThan(limit);
    }
  }

  @Test
  void theUsageTextNamesEveryLock() {
    for (LockKind k : LockKind.values()) {
      assertThat(CampaignOptions.usage()).contains(Row.lockName(k));
    }
  }
}
