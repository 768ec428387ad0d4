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
import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.cluster.ClusterExtension;
import dev.distlock.workload.RunResult;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Redlock on five nodes: one node's clock jump, one node's crash-restart, and their controls. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RedlockTargetedIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void clockJumpOnOneNodeOfTheMajorityLetsASecondClientInButTheGuardRejectsTheFirst() {
    RunResult r = TargetedScenarios.redlockClockJump(cluster, true);
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    verdict(r, TOKEN_MONOTONIC, HOLDS);
    checkerAccepts(r, "counter", 3);
    verdict(r, RESOURCE_SAFETY, HOLDS);
    assertThat(r.guard().ops()).anyMatch(o -> o.process() == 1 && "stale".equals(o.output()));
  }

  @Test
  void controlWithoutTheClockJumpShowsNoViolation() {
    RunResult r = TargetedScenarios.redlockClockJump(cluster, false);
    checkerAccepts(r, "mutex", 5);
    checkerAccepts(r, "fenced-mutex", 5);
    allHold(r, 8);
  }

  @Test
  void crashRestartWithoutPersistenceLetsASecondClientInAndRegressesTheQuorumToken() {
    RunResult r = TargetedScenarios.redlockCrashRestart(cluster, false);
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    checkerFinds(r, "fenced-mutex");
    verdict(r, TOKEN_MONOTONIC, VIOLATED);
    assertThat(r.report().finding("token-order").detail()).contains("with token 1 <= 4");
  }

  @Test
  void crashRestartWithAppendfsyncAlwaysHolds() {
    RunResult r = TargetedScenarios.redlockCrashRestart(cluster, true);
    assertThat(r.faults()).hasSize(1);
    checkerAccepts(r, "mutex", 11);
    checkerAccepts(r, "fenced-mutex", 11);
    allHold(r, 8);
  }
}
