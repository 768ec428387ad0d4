package dev.distlock.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.Fault;
import dev.distlock.workload.LockKind;
import java.util.EnumSet;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class LoadGeneratorTest {
  @ParameterizedTest
  @EnumSource(Fault.class)
  void aSeedGivesOnePlanWithSeveralFaultsOnRandomTargetsWithinTheRun(Fault f) {
    LockKind kind = f == Fault.FAILOVER ? LockKind.SINGLE_REPLICA : LockKind.REDLOCK;
    LoadPlan p = LoadGenerator.generate(kind, true, Optional.of(f), 42, 20_000);
    assertThat(LoadGenerator.generate(kind, true, Optional.of(f), 42, 20_000)).isEqualTo(p);
    assertThat(p.clients()).isBetween(5, 6);
    assertThat(p.schedule()).isNotEmpty();
    assertThat(p.schedule()).allMatch(s -> s.endMs() <= p.durationMs() - 1500);
    if (f != Fault.FAILOVER) {
      assertThat(p.schedule().size()).isGreaterThan(1);
    }
    // Parsed back from its printed form, it is the same plan: a shrunk plan replays exactly.
    assertThat(LoadGenerator.parse(kind, true, Optional.of(f), 42, p.encode())).isEqualTo(p);
  }

  @ParameterizedTest
  @EnumSource(Fault.class)
  void evenShortRunsGetFaults(Fault f) {
    LockKind kind = f == Fault.FAILOVER ? LockKind.SINGLE_REPLICA : LockKind.ZOOKEEPER;
    if (f == Fault.CLOCK_JUMP || f == Fault.CRASH_RESTART) {
      kind = LockKind.SINGLE;
    }
    for (long seed = 0; seed < 30; seed++) {
      LoadPlan p = LoadGenerator.generate(kind, false, Optional.of(f), seed, 8_000);
      assertThat(p.schedule()).as("faults of %s", p).isNotEmpty();
    }
  }

  @Test
  void seedsDrawDifferentTargetsWindowsAndCombinations() {
    Set<String> targets = new java.util.HashSet<>();
    Set<Long> windows = new java.util.HashSet<>();
    Set<Fault> combined = EnumSet.noneOf(Fault.class);
    for (long seed = 0; seed < 40; seed++) {
      for (Fault f : new Fault[] {Fault.PARTITION, Fault.CLOCK_JUMP}) {
        LoadPlan p = LoadGenerator.generate(LockKind.REDLOCK, false, Optional.of(f), seed, 20_000);
        for (LoadFault lf : p.schedule()) {
          targets.add(lf.clients() + "/" + lf.nodes());
          windows.add(lf.windowMs());
          if (lf.fault() != f) {
            combined.add(lf.fault());
          }
        }
      }
    }
    assertThat(targets.size()).isGreaterThan(20);
    assertThat(windows).anyMatch(w -> w < 250).anyMatch(w -> w > 1500);
    // Partition + latency and clock jump + client pause both occur.
    assertThat(combined).contains(Fault.LATENCY, Fault.CLIENT_PAUSE);
  }

  @Test
  void theControlHasNoFaultsAndSoakRunsGetUpToTenClients() {
    assertThat(
            LoadGenerator.generate(LockKind.SINGLE, false, Optional.empty(), 1, 20_000).schedule())
        .isEmpty();
    Set<Integer> clients = new java.util.HashSet<>();
    for (long seed = 0; seed < 40; seed++) {
      clients.add(
          LoadGenerator.generate(LockKind.SINGLE, false, Optional.empty(), seed, 180_000)
              .clients());
    }
    assertThat(clients).contains(5, 10).allMatch(c -> c >= 5 && c <= 10);
  }

  @Test
  void shrinkingDropsFaultsShortensWindowsAndRemovesClients() {
    LoadPlan big =
        LoadGenerator.generate(LockKind.REDLOCK, false, Optional.of(Fault.PARTITION), 5, 40_000);
    assertThat(LoadGenerator.candidates(big)).isNotEmpty().allMatch(c -> c.weight() < big.weight());
    // A violation that needs one partition of at least 400 ms.
    Predicate<LoadPlan> fails =
        p ->
            p.schedule().stream()
                .anyMatch(f -> f.fault() == Fault.PARTITION && f.windowMs() >= 400);
    org.junit.jupiter.api.Assumptions.assumeTrue(fails.test(big));
    Shrinker.Result<LoadPlan> r = Shrinker.shrink(big, fails, 500);
    LoadPlan s = r.smallest();
    assertThat(fails).accepts(s);
    assertThat(s.schedule()).hasSize(1);
    assertThat(s.schedule().get(0).clients()).hasSize(1);
    assertThat(s.schedule().get(0).nodes()).hasSize(1);
    assertThat(s.names()).isEqualTo(1);
    assertThat(s.durationMs()).isLessThan(big.durationMs());
    assertThat(LoadGenerator.candidates(s)).noneMatch(fails);
  }

  @Test
  void badPlansAreRejectedBeforeAnyServerStarts() {
    assertThatThrownBy(
            () -> LoadGenerator.parse(LockKind.SINGLE, false, Optional.empty(), 1, "clients=2"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> LoadFault.parse("partition@x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(
            () ->
                LoadGenerator.parse(
                    LockKind.SINGLE,
                    false,
                    Optional.of(Fault.PARTITION),
                    1,
                    "clients=2;names=1;duration=5000;ttl=1000;think=10;faults=partition@1+2:c3:n0:0"))
        .hasMessageContaining("missing client");
  }

  @Test
  void halfTheStartsAreAimedAtCallsInFlightWithRenewalsOnlyWhereTheLockRenews() {
    java.util.Map<String, Integer> aims = new java.util.TreeMap<>();
    int starts = 0;
    for (long seed = 0; seed < 40; seed++) {
      for (LockKind kind : new LockKind[] {LockKind.SINGLE, LockKind.ZOOKEEPER}) {
        LoadPlan p =
            LoadGenerator.generate(kind, false, Optional.of(Fault.PARTITION), seed, 20_000);
        for (LoadFault f : p.schedule()) {
          starts++;
          aims.merge(kind + ":" + (f.aim().isEmpty() ? "-" : f.aim()), 1, Integer::sum);
        }
        // The aim survives the printed form, so a replay aims the same starts.
        assertThat(LoadGenerator.parse(kind, false, Optional.of(Fault.PARTITION), seed, p.encode()))
            .isEqualTo(p);
      }
    }
    int aimed =
        aims.entrySet().stream()
            .filter(e -> !e.getKey().endsWith(":-"))
            .mapToInt(e -> e.getValue())
            .sum();
    assertThat(aimed).isBetween(starts / 3, 2 * starts / 3);
    assertThat(aims)
        .containsKeys(
            "SINGLE:acquire",
            "SINGLE:renew",
            "SINGLE:release",
            "ZOOKEEPER:acquire",
            "ZOOKEEPER:release");
    assertThat(aims).doesNotContainKey("ZOOKEEPER:renew");
    // Shrinking can drop an aim.
    LoadPlan p =
        LoadGenerator.generate(LockKind.SINGLE, false, Optional.of(Fault.PARTITION), 3, 20_000);
    org.junit.jupiter.api.Assumptions.assumeTrue(
        p.schedule().stream().anyMatch(f -> !f.aim().isEmpty()));
    assertThat(LoadGenerator.candidates(p))
        .anyMatch(
            c ->
                c.schedule().size() == p.schedule().size()
                    && c.schedule().stream().filter(f -> !f.aim().isEmpty()).count()
                        < p.schedule().stream().filter(f -> !f.aim().isEmpty()).count());
    assertThatThrownBy(() -> LoadFault.parse("partition@1+2:c1:n0:0:sideways"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("bad aim");
  }
}
