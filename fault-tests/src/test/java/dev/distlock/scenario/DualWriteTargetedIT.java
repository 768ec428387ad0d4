package dev.distlock.scenario;

import static dev.distlock.SafetyProperty.MUTUAL_EXCLUSION;
import static dev.distlock.SafetyProperty.RESOURCE_SAFETY;
import static dev.distlock.SafetyProperty.TOKEN_MONOTONIC;
import static dev.distlock.check.PropertyVerdict.VIOLATED;
import static dev.distlock.scenario.ScenarioAssertions.allHold;
import static dev.distlock.scenario.ScenarioAssertions.checkerAccepts;
import static dev.distlock.scenario.ScenarioAssertions.checkerFinds;
import static dev.distlock.scenario.ScenarioAssertions.verdict;

import dev.distlock.cluster.ClusterExtension;
import dev.distlock.workload.RunResult;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Dual-write group: the split-brain partition, successive single-node outages, and controls. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class DualWriteTargetedIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void partitionThatSplitsTheNodesBetweenClientsLetsBothHold() {
    RunResult r = TargetedScenarios.dualWriteSplitBrain(cluster, true);
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    // Per-node counters hand both sides token 1: the guard cannot tell them apart.
    verdict(r, TOKEN_MONOTONIC, VIOLATED);
    checkerFinds(r, "counter");
    verdict(r, RESOURCE_SAFETY, VIOLATED);
  }

  @Test
  void successiveOutagesOfTheTwoNodesLetASecondClientInOnTheNodeThatMissedTheLock() {
    RunResult r = TargetedScenarios.dualWriteSuccessiveOutages(cluster, true);
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    // Each holder's token comes from a different node's counter: they tie.
    checkerFinds(r, "fenced-mutex");
    verdict(r, TOKEN_MONOTONIC, VIOLATED);
    checkerFinds(r, "counter");
    verdict(r, RESOURCE_SAFETY, VIOLATED);
  }

  @Test
  void controlWithoutTheOutagesShowsNoViolation() {
    RunResult r = TargetedScenarios.dualWriteSuccessiveOutages(cluster, false);
    checkerAccepts(r, "mutex", 6);
    checkerAccepts(r, "fenced-mutex", 3);
    allHold(r, 7);
  }

  @Test
  void controlWithoutThePartitionShowsNoViolation() {
    RunResult r = TargetedScenarios.dualWriteSplitBrain(cluster, false);
    checkerAccepts(r, "mutex", 5);
    checkerAccepts(r, "fenced-mutex", 5);
    allHold(r, 8);
  }
}
