package dev.distlock.generator;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.Fault;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ShrinkerTest {
  private static Plan big() {
    return new Plan(
        77,
        LockKind.REDLOCK,
        true,
        Optional.of(Fault.CLIENT_PAUSE),
        4,
        3,
        2,
        2,
        Duration.ofMillis(1500),
        List.of(
            new FaultStep(Fault.CLIENT_PAUSE, 0, 5, Duration.ofMillis(3200), 0),
            new FaultStep(Fault.CLIENT_PAUSE, 2, 3, Duration.ofMillis(2400), 0)));
  }

  @Test
  void keepsTheViolationAndFindsTheSmallestPlanTheGreedySearchReaches() {
    // A violation that needs one pause of at least 700 ms and three clients.
    Predicate<Plan> fails =
        p -> p.clients() >= 3 && p.schedule().stream().anyMatch(s -> s.window().toMillis() >= 700);
    Shrinker.Result<Plan> r = Shrinker.shrink(big(), fails, 200);
    Plan s = r.smallest();
    assertThat(fails).accepts(s);
    assertThat(s.schedule()).hasSize(1);
    assertThat(s.schedule().get(0).window().toMillis()).isBetween(700L, 1399L);
    assertThat(s.schedule().get(0).nodes()).isEqualTo(1);
    assertThat(s.clients()).isEqualTo(3);
    assertThat(s.rounds()).isEqualTo(s.schedule().get(0).round() + 1);
    assertThat(s.extraHolds()).isZero();
    assertThat(s.decrementsPerHold()).isEqualTo(1);
    assertThat(s.seed()).isEqualTo(77);
    assertThat(r.steps()).isPositive();
    assertThat(s.weight()).isLessThan(big().weight());
    // No candidate of the result still fails: it is a local minimum.
    assertThat(Shrinker.candidates(s)).noneMatch(fails);
  }

  @ParameterizedTest
  @ValueSource(ints = {0, 1, 3})
  void respectsTheAttemptBudget(int budget) {
    AtomicInteger runs = new AtomicInteger();
    Shrinker.Result<Plan> r =
        Shrinker.shrink(
            big(),
            p -> {
              runs.incrementAndGet();
              return true;
            },
            budget);
    assertThat(runs.get()).isEqualTo(budget).isEqualTo(r.attempts());
  }

  @Test
  void aViolationThatNeedsEverythingIsNotShrunk() {
    Plan p = big();
    Shrinker.Result<Plan> r = Shrinker.shrink(p, q -> q.equals(p), 100);
    assertThat(r.smallest()).isEqualTo(p);
    assertThat(r.steps()).isZero();
    assertThat(r.attempts()).isEqualTo(Shrinker.candidates(p).size());
  }

  @Test
  void everyCandidateIsLighter() {
    Plan p = big();
    assertThat(Shrinker.candidates(p)).isNotEmpty().allMatch(c -> c.weight() < p.weight());
  }
}
