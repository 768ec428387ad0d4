package dev.distlock.checker;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.history.History;
import dev.distlock.testing.BruteForce;
import dev.distlock.testing.Sims;
import dev.distlock.testing.Sims.Case;
import dev.distlock.testing.Sims.Outcome;
import dev.distlock.testing.Sims.Sim;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Generated histories: run each model's sequential object on random ops, widen the intervals and
 * interleave processes (always valid), then corrupt one result. The checker must agree with the
 * brute-force checker on every small case, and must find every corruption that cannot be
 * linearized; on larger histories, corruptions that are impossible by construction must be found.
 *
 * <p>Seeds are printed on failure; rerun with {@code -Ddistlock.seed=N} to change the base seed.
 */
class GeneratedHistoriesTest {
  static final long BASE = Long.getLong("distlock.seed", 20240601L);

  static Stream<Sim> sims() {
    return Sims.all().stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sims")
  void smallHistoriesAgreeWithBruteForce(Sim sim) {
    Checker checker = Checker.of(sim.model()).withTimeout(Duration.ofSeconds(20));
    int corruptedInvalid = 0;
    int corrupted = 0;
    for (int i = 0; i < 400; i++) {
      long seed = BASE + i * 7919L + sim.name().hashCode();
      SplittableRandom rnd = new SplittableRandom(seed ^ 0x5DEECE66DL);
      int n = 3 + rnd.nextInt(6);
      int procs = 2 + rnd.nextInt(3);
      Case c = Sims.generate(sim, seed, n, procs, 10 + rnd.nextInt(200));
      History h = c.history();
      assertThat(checker.check(h).verdict())
          .as("%s valid case %s", sim.name(), c)
          .isEqualTo(Verdict.VALID);
      assertThat(BruteForce.linearizable(sim.model(), h)).as("brute force, %s", c).isTrue();

      // Corrupt one result.
      List<Integer> candidates = new ArrayList<>();
      for (int j = 0; j < c.ops().size(); j++) {
        candidates.add(j);
      }
      java.util.Collections.shuffle(candidates, new java.util.Random(seed));
      for (int j : candidates) {
        Outcome o = sim.corrupt(c.ops().get(j), rnd);
        if (o == null) {
          continue;
        }
        Case bad = c.with(j, o);
        History hb = bad.history();
        boolean expected = BruteForce.linearizable(sim.model(), hb);
        Result r = checker.check(hb);
        assertThat(r.verdict())
            .as("%s corrupted op %d of %s", sim.name(), j, bad)
            .isEqualTo(expected ? Verdict.VALID : Verdict.INVALID);
        corrupted++;
        if (!expected) {
          corruptedInvalid++;
          Failure f = r.invalid().get(0).failure();
          assertThat(f.blocking().isOk()).isTrue();
          assertThat(f.linearized().size()).isLessThan(hb.size());
        }
        break;
      }
    }
    assertThat(corrupted).as("cases corrupted").isGreaterThan(150);
    // Most corruptions break linearizability; the brute force decides each one.
    assertThat(corruptedInvalid).as("corruptions found invalid").isGreaterThan(corrupted / 3);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("sims")
  void largerHistoriesValidAndSurelyInvalidCorruptionsFound(Sim sim) {
    // Invalid histories are the checker's worst case (the whole search space before the bad op
    // is explored); with many info ops it is exponential for any checker of this family. These
    // histories have 3% info ops, as in typical Jepsen runs.
    Checker checker = Checker.of(sim.model()).withTimeout(Duration.ofSeconds(30));
    int surely = 0;
    for (int i = 0; i < 30; i++) {
      long seed = BASE * 31 + i + sim.name().hashCode();
      SplittableRandom rnd = new SplittableRandom(seed);
      int n = 50 + rnd.nextInt(400);
      Case c = Sims.generate(sim, seed, n, 2 + rnd.nextInt(4), 50 + rnd.nextInt(300), 0.03);
      Result ok = checker.check(c.history());
      assertThat(ok.verdict()).as("%s valid, seed %d", sim.name(), seed).isEqualTo(Verdict.VALID);
      int from = rnd.nextInt(c.ops().size());
      for (int j = 0; j < c.ops().size(); j++) {
        int at = (from + j) % c.ops().size();
        Outcome o = sim.surelyInvalid(c.ops().get(at));
        if (o == null) {
          continue;
        }
        Result bad = checker.check(c.with(at, o).history());
        assertThat(bad.verdict())
            .as("%s surely invalid corruption of op %d, seed %d", sim.name(), at, seed)
            .isEqualTo(Verdict.INVALID);
        surely++;
        break;
      }
    }
    if (!List.of("mutex", "fenced-mutex").contains(sim.name())) {
      assertThat(surely).isGreaterThan(10);
    }
  }
}
