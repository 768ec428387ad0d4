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

/** ZooKeeper: a client pause longer than the session timeout, and the control. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ZooKeeperTargetedIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void pauseLongerThanTheSessionTimeoutLetsASecondClientInAndTheGuardRejectsTheFirst() {
    RunResult r = TargetedScenarios.zooKeeperSessionExpiry(cluster, true);
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    verdict(r, TOKEN_MONOTONIC, HOLDS);
    checkerAccepts(r, "counter", 3);
    checkerAccepts(r, "fenced-register", 5);
    verdict(r, RESOURCE_SAFETY, HOLDS);
    assertThat(r.guard().ops()).anyMatch(o -> o.process() == 1 && "stale".equals(o.output()));
    assertThat(r.report().finding("final-stock").detail()).startsWith("final stock 9,");
  }

  @Test
  void controlWithoutThePauseShowsNoViolation() {
    RunResult r = TargetedScenarios.zooKeeperSessionExpiry(cluster, false);
    checkerAccepts(r, "mutex", 5);
    checkerAccepts(r, "fenced-mutex", 5);
    allHold(r, 8);
  }
}
