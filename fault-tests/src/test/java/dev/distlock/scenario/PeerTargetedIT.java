package dev.distlock.scenario;

import static dev.distlock.SafetyProperty.MUTUAL_EXCLUSION;
import static dev.distlock.SafetyProperty.RESOURCE_SAFETY;
import static dev.distlock.check.PropertyVerdict.HOLDS;
import static dev.distlock.check.PropertyVerdict.VIOLATED;
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
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Known weaknesses of peer libraries on real servers: Redisson's {@code RLock} lost on failover to
 * a lagging replica, and a paused Curator {@code InterProcessMutex} holder overlapping the next
 * one. Each fault run must be caught by the checker (which draws the violation's timeline); each
 * control must show a non-trivial, clean history.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class PeerTargetedIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @Test
  void redissonLockIsLostWhenTheMasterFailsOverToALaggingReplica() {
    RunResult r = PeerScenarios.redissonLockLostOnFailover(cluster, true);
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    verdict(r, RESOURCE_SAFETY, VIOLATED);
    assertThat(r.report().toString()).contains("overlapping-holders [MUTUAL_EXCLUSION]: VIOLATED");
  }

  @Test
  void redissonControlWithoutTheFailoverShowsNoViolation() {
    RunResult r = PeerScenarios.redissonLockLostOnFailover(cluster, false);
    checkerAccepts(r, "mutex", 4);
    checkerAccepts(r, "counter", 3);
    verdict(r, MUTUAL_EXCLUSION, HOLDS);
    verdict(r, RESOURCE_SAFETY, HOLDS);
  }

  @Test
  void pausedCuratorMutexHolderOverlapsTheNextHolder() {
    RunResult r = PeerScenarios.curatorMutexPausedHolder(cluster, true);
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    verdict(r, RESOURCE_SAFETY, VIOLATED);
  }

  @Test
  void curatorControlWithoutThePauseShowsNoViolation() {
    RunResult r = PeerScenarios.curatorMutexPausedHolder(cluster, false);
    checkerAccepts(r, "mutex", 4);
    checkerAccepts(r, "counter", 3);
    verdict(r, MUTUAL_EXCLUSION, HOLDS);
    verdict(r, RESOURCE_SAFETY, HOLDS);
  }

  @Test
  void shedLockReleaseAfterExpiryDeletesTheNextHoldersLock() {
    RunResult r = PeerScenarios.releaseAfterExpiry(cluster, "shedlock-redis");
    checkerFinds(r, "mutex");
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    assertThat(heldWhileOtherHeld(r, 3, 2))
        .as("C acquired while B held, neither paused:%n%s", r)
        .isTrue();
  }

  @ParameterizedTest
  @ValueSource(strings = {"redisson-rlock", "spring-redis"})
  void anOwnerCheckedReleaseKeepsTheThirdClientOut(String lock) {
    RunResult r = PeerScenarios.releaseAfterExpiry(cluster, lock);
    // The pause itself still overlaps A and B (modelled); C must not get in while B holds.
    verdict(r, MUTUAL_EXCLUSION, VIOLATED);
    assertThat(r.locks().ops()).anyMatch(o -> o.process() == 3 && o.f().equals("acquire"));
    assertThat(heldWhileOtherHeld(r, 3, 2)).as("C acquired while B held:%n%s", r).isFalse();
  }

  /** Whether {@code late} completed an acquire while {@code holder} held the lock. */
  private static boolean heldWhileOtherHeld(RunResult r, long late, long holder) {
    List<Op> ops = r.locks().ops();
    long from = Long.MAX_VALUE;
    long to = Long.MAX_VALUE;
    for (Op o : ops) {
      if (o.process() == holder && o.f().equals("acquire") && o.isOk()) {
        from = o.completeTime();
      } else if (o.process() == holder && o.f().equals("release") && from != Long.MAX_VALUE) {
        to = o.invokeTime();
        break;
      }
    }
    long start = from;
    long end = to;
    return ops.stream()
        .anyMatch(
            o ->
                o.process() == late
                    && o.f().equals("acquire")
                    && o.isOk()
                    && o.completeTime() > start
                    && o.completeTime() < end);
  }
}
