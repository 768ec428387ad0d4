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

/** Single Redis: the Kleppmann pause, unguarded and guarded, and the control. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class SingleRedisTargetedIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void clientPauseLongerThanTheTtlMakesTwoHoldersAndOversellsWithoutTheGuard() {
    RunResult r = TargetedScenarios.singleRedisClientPause(cluster, true, false);
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    verdict(r, TOKEN_MONOTONIC, HOLDS);
    checkerFinds(r, "counter");
    verdict(r, RESOURCE_SAFETY, VIOLATED);
    assertThat(r.report().finding("final-stock").detail()).startsWith("final stock 9,");
  }

  @Test
  void clientPauseWithTheGuardRejectsTheStaleWriteAndKeepsStockExact() {
    RunResult r = TargetedScenarios.singleRedisClientPause(cluster, true, true);
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    verdict(r, TOKEN_MONOTONIC, HOLDS);
    checkerAccepts(r, "counter", 3);
    checkerAccepts(r, "fenced-register", 5);
    verdict(r, RESOURCE_SAFETY, HOLDS);
    assertThat(r.guard().ops()).anyMatch(o -> "stale".equals(o.output()));
    assertThat(r.report().finding("final-stock").detail()).startsWith("final stock 9,");
  }

  @Test
  void controlWithoutThePauseShowsNoViolation() {
    RunResult r = TargetedScenarios.singleRedisClientPause(cluster, false, true);
    checkerAccepts(r, "mutex", 5);
    checkerAccepts(r, "fenced-mutex", 5);
    checkerAccepts(r, "counter", 3);
    allHold(r, 8);
  }
}
