package dev.distlock.matrix;

import static dev.distlock.check.PropertyVerdict.HOLDS;
import static dev.distlock.check.PropertyVerdict.VIOLATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.workload.LockKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A cell gets extra plans only while a violation the model predicts has not been seen; a cell that
 * agrees, or that already disagrees, gets none (extra plans can add evidence, never remove it).
 */
class PredictionUnreachedTest {
  private static final Path DIR = Path.of("target", "synthetic");
  private static final Row DUAL_GUARDED = new Row(LockKind.DUAL_WRITE, true);

  @Test
  void aPredictedViolationNoPlanReachedAsksForAnotherPlan() {
    // dual-write+guard x partition: the model predicts all three violated.
    CellResult missed =
        Synthetic.cell(
            DUAL_GUARDED,
            Column.PARTITION,
            List.of(
                Synthetic.run(DUAL_GUARDED, Column.PARTITION, 1, DIR, VIOLATED, VIOLATED, HOLDS)));
    assertThat(Campaign.predictionUnreached(missed)).isTrue();
    CellResult reached =
        Synthetic.cell(
            DUAL_GUARDED,
            Column.PARTITION,
            List.of(
                Synthetic.run(DUAL_GUARDED, Column.PARTITION, 1, DIR, VIOLATED, VIOLATED, HOLDS),
                Synthetic.run(
                    DUAL_GUARDED, Column.PARTITION, 2, DIR, VIOLATED, VIOLATED, VIOLATED)));
    assertThat(Campaign.predictionUnreached(reached)).isFalse();
  }

  @Test
  void aCellThatHoldsAsPredictedAsksForNothing() {
    Row single = new Row(LockKind.SINGLE, false);
    CellResult holds =
        Synthetic.cell(
            single,
            Column.NONE,
            List.of(Synthetic.run(single, Column.NONE, 1, DIR, HOLDS, HOLDS, HOLDS)));
    assertThat(Campaign.predictionUnreached(holds)).isFalse();
  }
}
