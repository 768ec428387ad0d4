package dev.distlock.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.Fault;
import dev.distlock.workload.LockKind;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

class PlanGeneratorTest {

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 42, 7_777_777_777L, Long.MAX_VALUE})
  void theSameSeedGivesTheSamePlan(long seed) {
    for (Fault f : Fault.values()) {
      Plan a = PlanGenerator.generate(LockKind.SINGLE_REPLICA, true, Optional.of(f), seed);
      Plan b = PlanGenerator.generate(LockKind.SINGLE_REPLICA, true, Optional.of(f), seed);
      assertThat(a).isEqualTo(b);
      assertThat(a.describe()).isEqualTo(b.describe()).contains("seed=" + seed);
    }
  }

  @ParameterizedTest
  @EnumSource(LockKind.class)
  void seedsDrawDifferentPlans(LockKind kind) {
    Set<String> shapes = new HashSet<>();
    for (long seed = 0; seed < 40; seed++) {
      Plan p = PlanGenerator.generate(kind, false, Optional.of(Fault.PARTITION), seed);
      shapes.add(p.clients() + "/" + p.rounds() + "/" + p.ttl() + "/" + p.schedule());
    }
    assertThat(shapes).as("distinct plans from 40 seeds").hasSizeGreaterThan(20);
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void everyPlanStrikesInsideItsRoundsWithTheColumnsFault(Fault fault) {
    for (long seed = 100; seed < 300; seed++) {
      Plan p = PlanGenerator.generate(LockKind.REDLOCK, true, Optional.of(fault), seed);
      assertThat(p.schedule()).isNotEmpty().allMatch(s -> s.fault() == fault);
      assertThat(p.schedule()).allMatch(s -> s.round() < p.rounds());
      assertThat(p.schedule()).allMatch(s -> s.nodes() <= LockKind.REDLOCK.nodes());
      assertThat(p.clients()).isBetween(2, 4);
      // The first step carries the critical parameters: every node of the lock.
      if (fault != Fault.FAILOVER) {
        assertThat(p.schedule().get(0).nodes()).isEqualTo(5);
      }
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {3, 5, 8, 13, 21})
  void crashesHitTheFirstAcquisitionAndFailoverHappensOnce(long seed) {
    Plan crash =
        PlanGenerator.generate(LockKind.SINGLE, true, Optional.of(Fault.CRASH_RESTART), seed);
    assertThat(crash.schedule().get(0).round()).isZero();
    Plan failover =
        PlanGenerator.generate(LockKind.SINGLE_REPLICA, true, Optional.of(Fault.FAILOVER), seed);
    assertThat(failover.schedule()).hasSize(1);
    assertThat(failover.schedule().get(0).size())
        .as("replica misses nothing but the hold")
        .isZero();
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3})
  void pausesAndPartitionsOutlastTheTtl(long seed) {
    for (Fault f : new Fault[] {Fault.PARTITION, Fault.SERVER_PAUSE, Fault.CLIENT_PAUSE}) {
      Plan p = PlanGenerator.generate(LockKind.ZOOKEEPER, false, Optional.of(f), seed);
      assertThat(p.schedule()).allMatch(s -> s.window().compareTo(p.ttl()) > 0);
    }
  }

  @ParameterizedTest
  @ValueSource(longs = {0, 1, 2, 42, 99})
  void dualWritePausesAndLatencyStartWithSuccessiveOutagesOfBothNodes(long seed) {
    for (Fault f : new Fault[] {Fault.SERVER_PAUSE, Fault.LATENCY}) {
      assertThat(PlanGenerator.successiveOutages(LockKind.DUAL_WRITE, f)).isTrue();
      Plan p = PlanGenerator.generate(LockKind.DUAL_WRITE, true, Optional.of(f), seed);
      FaultStep first = p.schedule().get(0);
      // nodes = 2: node 0 out, then node 1; each outage costs a request timeout, hence 2-3 s TTLs.
      assertThat(first.nodes()).isEqualTo(2);
      assertThat(p.ttl().toMillis()).isIn(2000L, 3000L);
      if (f == Fault.LATENCY) {
        // Slower than the 250 ms request timeout even with the jitter (a quarter) taken off.
        assertThat(first.size() * 3 / 4).isGreaterThan(250);
      }
    }
    assertThat(PlanGenerator.successiveOutages(LockKind.REDLOCK, Fault.SERVER_PAUSE)).isFalse();
    assertThat(PlanGenerator.successiveOutages(LockKind.DUAL_WRITE, Fault.PARTITION)).isFalse();
  }

  @ParameterizedTest
  @ValueSource(longs = {9, 10})
  void theControlHasNoSchedule(long seed) {
    Plan p = PlanGenerator.generate(LockKind.DUAL_WRITE, true, Optional.empty(), seed);
    assertThat(p.schedule()).isEmpty();
    assertThat(p.describe()).contains("fault=NONE");
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 2, 5})
  void runZeroReplaysTheCampaignSeedAndOthersDiffer(int index) {
    long s = Seeds.forRun(123456789L, index);
    if (index == 0) {
      assertThat(s).isEqualTo(123456789L);
    } else {
      assertThat(s).isNotEqualTo(123456789L).isNotNegative();
      assertThat(Seeds.forRun(123456789L, index)).isEqualTo(s);
      assertThat(Seeds.forRun(123456789L, index + 1)).isNotEqualTo(s);
    }
  }
}
