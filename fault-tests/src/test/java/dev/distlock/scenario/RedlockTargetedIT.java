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
    // The restarted counters start again from nothing, so the second holder's token is at most
    // the first's; which one depends on how the restarts and its attempts interleave (1 usually,
    // 2 seen once in CI): the regression is the finding, not its exact value.
    assertThat(r.report().finding("token-order").detail())
        .containsPattern("p2 acquired after p1 with token [1-4] <= 4");
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
