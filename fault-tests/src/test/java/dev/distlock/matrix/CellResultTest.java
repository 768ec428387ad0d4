package dev.distlock.matrix;

import static dev.distlock.SafetyProperty.MUTUAL_EXCLUSION;
import static dev.distlock.SafetyProperty.RESOURCE_SAFETY;
import static dev.distlock.SafetyProperty.TOKEN_MONOTONIC;
import static dev.distlock.check.PropertyVerdict.HOLDS;
import static dev.distlock.check.PropertyVerdict.UNKNOWN;
import static dev.distlock.check.PropertyVerdict.VIOLATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.generator.PlanGenerator;
import dev.distlock.workload.LockKind;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CellResultTest {
  private static final Path DIR = Path.of("target/synthetic");
  private static final Row SINGLE = new Row(LockKind.SINGLE, false);

  @Test
  void oneViolatingRunMakesTheCellViolatedWithItsSeed() {
    CellResult c =
        Synthetic.cell(
            SINGLE,
            Column.CLIENT_PAUSE,
            List.of(
                Synthetic.run(SINGLE, Column.CLIENT_PAUSE, 5, DIR, HOLDS, HOLDS, HOLDS),
                Synthetic.run(SINGLE, Column.CLIENT_PAUSE, 6, DIR, VIOLATED, HOLDS, VIOLATED)));
    assertThat(c.outcome(MUTUAL_EXCLUSION)).isEqualTo(Outcome.AGREES);
    assertThat(c.firstViolation(MUTUAL_EXCLUSION).orElseThrow().plan().seed()).isEqualTo(6);
    assertThat(Cells.text(c, MUTUAL_EXCLUSION)).isEqualTo("violated (seed 6, 1/2 runs)");
    assertThat(c.outcome(TOKEN_MONOTONIC)).isEqualTo(Outcome.AGREES);
    assertThat(Cells.code(c, TOKEN_MONOTONIC)).isEqualTo("h");
    assertThat(Cells.code(c, MUTUAL_EXCLUSION)).isEqualTo("V");
  }

  @Test
  void aViolationThePredictionDoesNotAllowDisagrees() {
    CellResult c =
        Synthetic.cell(
            SINGLE,
            Column.PARTITION,
            List.of(Synthetic.run(SINGLE, Column.PARTITION, 1, DIR, VIOLATED, HOLDS, HOLDS)));
    assertThat(c.outcome(MUTUAL_EXCLUSION)).isEqualTo(Outcome.DISAGREES);
    assertThat(Cells.code(c, MUTUAL_EXCLUSION)).isEqualTo("!");
  }

  @Test
  void aPredictedViolationThatNoRunProducedIsNotReachedNeverAgreement() {
    CellResult c =
        Synthetic.cell(
            SINGLE,
            Column.CRASH_RESTART,
            List.of(
                Synthetic.run(SINGLE, Column.CRASH_RESTART, 1, DIR, HOLDS, HOLDS, HOLDS),
                Synthetic.run(SINGLE, Column.CRASH_RESTART, 2, DIR, HOLDS, HOLDS, HOLDS)));
    assertThat(c.outcome(TOKEN_MONOTONIC)).isEqualTo(Outcome.NOT_REACHED);
    assertThat(Cells.text(c, TOKEN_MONOTONIC)).isEqualTo("not reached (2 runs)");
    assertThat(Cells.code(c, TOKEN_MONOTONIC)).isEqualTo("?");
  }

  @Test
  void unknownAndErroredRunsAreInconclusive() {
    CellResult unknown =
        Synthetic.cell(
            SINGLE,
            Column.NONE,
            List.of(Synthetic.run(SINGLE, Column.NONE, 1, DIR, HOLDS, UNKNOWN, HOLDS)));
    assertThat(unknown.outcome(TOKEN_MONOTONIC)).isEqualTo(Outcome.INCONCLUSIVE);
    RunRecord failed =
        new RunRecord(
            PlanGenerator.generate(LockKind.SINGLE, false, Column.NONE.fault(), 1),
            Map.of(),
            "boom",
            "",
            null,
            List.of(),
            List.of(),
            List.of(),
            0,
            null);
    CellResult errored = Synthetic.cell(SINGLE, Column.NONE, List.of(failed));
    assertThat(errored.outcome(RESOURCE_SAFETY)).isEqualTo(Outcome.INCONCLUSIVE);
    assertThat(Cells.text(errored, RESOURCE_SAFETY)).startsWith("no verdict");
  }

  @Test
  void optionsParseAndReproduce() {
    CampaignOptions o =
        CampaignOptions.parse(
            new String[] {
              "--locks",
              "redlock+guard,zookeeper",
              "--nemeses",
              "none,clock-jump",
              "--runs",
              "3",
              "--seed",
              "9",
              "--budget",
              "90s"
            });
    assertThat(o.rows())
        .extracting(Row::label)
        .containsExactly("redlock+guard", "zookeeper", "zookeeper+guard");
    assertThat(o.columns()).containsExactly(Column.NONE, Column.CLOCK_JUMP);
    assertThat(o.budget().toSeconds()).isEqualTo(90);
    assertThat(CampaignOptions.parse(o.toArgs().split(" "))).isEqualTo(o);
    CampaignOptions soak = CampaignOptions.parse(new String[] {"--profile", "soak", "--seed", "1"});
    assertThat(soak.runs()).isEqualTo(CampaignOptions.SOAK_RUNS);
    assertThat(soak.budget()).isEqualTo(CampaignOptions.QUICK_BUDGET.multipliedBy(10));
  }
}
