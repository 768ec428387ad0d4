package dev.distlock.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.SafetyProperty;
import dev.distlock.check.ModelCheck;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.checker.Verdict;
import dev.distlock.workload.RunResult;
import java.nio.file.Files;

/** Assertions on a {@link RunResult} that print the whole report when they fail. */
final class ScenarioAssertions {
  private ScenarioAssertions() {}

  static void verdict(RunResult r, SafetyProperty property, PropertyVerdict expected) {
    assertThat(r.verdict(property)).as("%s in%n%s", property, r).isEqualTo(expected);
  }

  /**
   * A control run: every safety property holds and the stock ends at exactly {@code finalStock}
   * (every acknowledged decrement applied once).
   */
  static void allHold(RunResult r, long finalStock) {
    for (SafetyProperty p : SafetyProperty.values()) {
      verdict(r, p, PropertyVerdict.HOLDS);
    }
    assertThat(r.report().finding("final-stock").detail())
        .as("final stock in%n%s", r)
        .startsWith("final stock " + finalStock + ",");
  }

  /** The model check ran over a non-trivial history and found it invalid, with a timeline kept. */
  static void checkerFinds(RunResult r, String model) {
    ModelCheck m = model(r, model);
    assertThat(m.result().verdict()).as("%s in%n%s", model, r).isEqualTo(Verdict.INVALID);
    assertThat(m.timelines()).as("timeline of %s", model).isNotEmpty();
    m.timelines().values().forEach(p -> assertThat(Files.exists(p)).as("%s", p).isTrue());
    assertThat(r.dir().resolve("history-lock.jsonl")).exists();
  }

  /** The model check ran over a non-trivial history and found it linearizable. */
  static void checkerAccepts(RunResult r, String model, int minOps) {
    ModelCheck m = model(r, model);
    assertThat(m.result().verdict()).as("%s in%n%s", model, r).isEqualTo(Verdict.VALID);
    assertThat(m.result().ops()).as("ops checked by %s", model).isGreaterThanOrEqualTo(minOps);
  }

  static ModelCheck model(RunResult r, String model) {
    return r.report().modelChecks().stream()
        .filter(m -> m.name().equals(model))
        .findFirst()
        .orElseThrow(() -> new AssertionError(model + " did not run:\n" + r));
  }
}
