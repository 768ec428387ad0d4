package dev.distlock.scenario;

import static dev.distlock.SafetyProperty.MUTUAL_EXCLUSION;
import static dev.distlock.SafetyProperty.RESOURCE_SAFETY;
import static dev.distlock.SafetyProperty.TOKEN_MONOTONIC;
import static dev.distlock.check.PropertyVerdict.HOLDS;
import static dev.distlock.check.PropertyVerdict.VIOLATED;
import static dev.distlock.scenario.ScenarioAssertions.allHold;
import static dev.distlock.scenario.ScenarioAssertions.checkerAccepts;
import static dev.distlock.scenario.ScenarioAssertions.checkerFinds;
import static dev.distlock.scenario.ScenarioAssertions.verdict;
import static dev.distlock.workload.LockKind.JDBC_FOR_UPDATE_MARIADB;
import static dev.distlock.workload.LockKind.JDBC_FOR_UPDATE_POSTGRES;
import static dev.distlock.workload.LockKind.JDBC_TABLE_MARIADB;
import static dev.distlock.workload.LockKind.JDBC_TABLE_POSTGRES;
import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.client.Reply;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.workload.LockKind;
import dev.distlock.workload.RunResult;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The database locks on real PostgreSQL and MariaDB: a holder paused past its TTL, the holder's
 * session killed under a FOR UPDATE lock while it runs on, the database crashed and restarted; each
 * with the guard, without it, and as a control.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class JdbcTargetedIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  /** Two holders, the lost sale, and the exact stock the lost update leaves. */
  private static void oversold(RunResult r) {
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    verdict(r, TOKEN_MONOTONIC, HOLDS);
    checkerFinds(r, "counter");
    verdict(r, RESOURCE_SAFETY, VIOLATED);
    assertThat(r.report().finding("final-stock").detail()).startsWith("final stock 9,");
  }

  /** Two holders, but the guard rejected the stale write: two sales, one applied each. */
  private static void savedByTheGuard(RunResult r) {
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    verdict(r, TOKEN_MONOTONIC, HOLDS);
    checkerAccepts(r, "counter", 3);
    checkerAccepts(r, "fenced-register", 5);
    verdict(r, RESOURCE_SAFETY, HOLDS);
    assertThat(r.guard().ops()).anyMatch(o -> "stale".equals(o.output()));
    assertThat(r.report().finding("final-stock").detail()).startsWith("final stock 9,");
  }

  @ParameterizedTest
  @EnumSource(names = {"JDBC_TABLE_POSTGRES", "JDBC_FOR_UPDATE_POSTGRES"})
  void clientPausePastTheTtlMakesTwoHoldersAndOversellsWithoutTheGuard(LockKind kind) {
    oversold(JdbcScenarios.clientPause(cluster, kind, true, false));
  }

  @ParameterizedTest
  @EnumSource(
      names = {
        "JDBC_TABLE_POSTGRES",
        "JDBC_FOR_UPDATE_POSTGRES",
        "JDBC_TABLE_MARIADB",
        "JDBC_FOR_UPDATE_MARIADB"
      })
  void clientPausePastTheTtlWithTheGuardKeepsStockExact(LockKind kind) {
    savedByTheGuard(JdbcScenarios.clientPause(cluster, kind, true, true));
  }

  @ParameterizedTest
  @EnumSource(names = {"JDBC_TABLE_POSTGRES", "JDBC_FOR_UPDATE_MARIADB"})
  void controlWithoutThePauseShowsNoViolation(LockKind kind) {
    RunResult r = JdbcScenarios.clientPause(cluster, kind, false, true);
    checkerAccepts(r, "mutex", 5);
    checkerAccepts(r, "fenced-mutex", 5);
    allHold(r, 8);
  }

  @ParameterizedTest
  @EnumSource(names = {"JDBC_FOR_UPDATE_POSTGRES", "JDBC_FOR_UPDATE_MARIADB"})
  void killedSessionUnderForUpdateLetsASecondHolderInWhileTheFirstRunsOn(LockKind kind) {
    savedByTheGuard(JdbcScenarios.connectionKilled(cluster, kind, true, true));
  }

  @Test
  void killedSessionUnderForUpdateWithoutTheGuardLosesTheSale() {
    oversold(JdbcScenarios.connectionKilled(cluster, JDBC_FOR_UPDATE_POSTGRES, true, false));
  }

  @Test
  void forUpdateControlWithoutTheKillMakesTheSecondClientWait() {
    allHold(JdbcScenarios.connectionKilled(cluster, JDBC_FOR_UPDATE_POSTGRES, false, true), 8);
  }

  @ParameterizedTest
  @EnumSource(names = {"JDBC_FOR_UPDATE_POSTGRES", "JDBC_FOR_UPDATE_MARIADB"})
  void databaseRestartDropsTheForUpdateLockAndTheFenceSavesTheStock(LockKind kind) {
    savedByTheGuard(JdbcScenarios.crashRestart(cluster, kind, true));
  }

  @ParameterizedTest
  @EnumSource(names = {"JDBC_TABLE_POSTGRES", "JDBC_TABLE_MARIADB"})
  void databaseRestartKeepsTheCommittedLockTableRow(LockKind kind) {
    allHold(JdbcScenarios.crashRestart(cluster, kind, true), 8);
  }

  @ParameterizedTest
  @EnumSource(names = {"JDBC_TABLE_POSTGRES", "JDBC_TABLE_MARIADB"})
  void databaseClockJumpExpiresTheLockTableRowAndTheFenceSavesTheStock(LockKind kind) {
    savedByTheGuard(JdbcScenarios.serverClockJump(cluster, kind, true));
  }

  /** MariaDB's idle timeout is a socket read timeout: the jump does not end the session. */
  @Test
  void databaseClockJumpLeavesTheMariaDbForUpdateLockAlone() {
    allHold(JdbcScenarios.serverClockJump(cluster, JDBC_FOR_UPDATE_MARIADB, true), 8);
  }

  /**
   * The clients' wall clocks jump (the holder's 2×TTL ahead, then 2×TTL behind while the
   * contender's is 2×TTL ahead) and nothing changes: expiry lives on the database's clock. The
   * jumps are measured inside the child JVMs, so the test cannot pass on clocks that never moved.
   * It would fail for a lock that wrote or compared expiry on a client's clock: in the second jump
   * the contender's acquire would succeed, two clients would hold and the sale would be lost.
   */
  @ParameterizedTest
  @EnumSource(
      names = {
        "JDBC_TABLE_POSTGRES",
        "JDBC_FOR_UPDATE_POSTGRES",
        "JDBC_TABLE_MARIADB",
        "JDBC_FOR_UPDATE_MARIADB"
      })
  void clientClockJumpsLetNoSecondHolderIn(LockKind kind) {
    JdbcScenarios.ClientClockJump run = JdbcScenarios.clientClockJump(cluster, kind);
    for (JdbcScenarios.Skew s : run.skews()) {
      assertThat(s.observed().minus(s.asked()).abs())
          .as("wall clock of the %s: asked %s, measured %s", s.client(), s.asked(), s.observed())
          .isLessThan(Duration.ofMillis(500));
    }
    assertThat(run.attempts())
        .as("the contender's acquire during each jump, in%n%s", run.result())
        .hasSize(2)
        .allMatch(a -> a instanceof Reply.Timeout);
    assertThat(run.skews())
        .filteredOn(s -> !s.asked().isZero())
        .extracting(JdbcScenarios.Skew::client)
        .containsExactly("holder", "holder", "contender");
    allHold(run.result(), 8);
  }

  @Test
  void everyJdbcKindIsCovered() {
    assertThat(LockKind.values())
        .filteredOn(LockKind::jdbc)
        .containsExactlyInAnyOrder(
            JDBC_TABLE_POSTGRES,
            JDBC_FOR_UPDATE_POSTGRES,
            JDBC_TABLE_MARIADB,
            JDBC_FOR_UPDATE_MARIADB);
  }
}
