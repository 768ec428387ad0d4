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
import dev.distlock.history.Op;
import dev.distlock.workload.RunResult;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/** Single Redis with an async replica: failover loses the lock and regresses the token. */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class ReplicaFailoverTargetedIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void failoverToALaggingReplicaLetsASecondClientInWithALowerToken() {
    RunResult r = TargetedScenarios.singleRedisFailover(cluster, true);
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    checkerFinds(r, "fenced-mutex");
    verdict(r, TOKEN_MONOTONIC, VIOLATED);
    List<Long> tokens =
        r.locks().ops().stream()
            .filter(o -> o.f().equals("acquire") && o.isOk())
            .map(Op::output)
            .map(Long.class::cast)
            .toList();
    assertThat(tokens)
        .as("the promoted replica hands out 3 again after 4")
        .containsExactly(1L, 2L, 3L, 4L, 3L);
    // The guard keeps the data consistent but now turns away the legitimate new holder.
    assertThat(r.guard().ops()).anyMatch(o -> o.process() == 2 && "stale".equals(o.output()));
    verdict(r, RESOURCE_SAFETY, HOLDS);
  }

  @Test
  void controlWithoutTheFailoverShowsNoViolation() {
    RunResult r = TargetedScenarios.singleRedisFailover(cluster, false);
    checkerAccepts(r, "mutex", 9);
    checkerAccepts(r, "fenced-mutex", 9);
    checkerAccepts(r, "counter", 3);
    allHold(r, 8);
  }
}
