package dev.distlock.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.workload.LockKind;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The quick campaign must stay near a quarter of an hour with every row of the matrix: one
 * continuous run per lock, on a nemesis that rotates with the lock, while the soak profile and an
 * explicit continuous workload run every cell.
 */
class QuickContinuousCellsTest {

  private static List<Column> continuousColumns(CampaignOptions o, LockKind kind) {
    return Arrays.stream(Column.values())
        .filter(c -> c.appliesTo(kind) && o.continuousIn(kind, c))
        .toList();
  }

  @Test
  void theQuickCampaignRunsOneContinuousCellPerLockAndCoversSeveralNemeses() {
    CampaignOptions quick = CampaignOptions.parse(new String[] {});
    Set<Column> covered = new HashSet<>();
    for (LockKind kind : LockKind.values()) {
      List<Column> cols = continuousColumns(quick, kind);
      assertThat(cols).as("%s", kind).hasSize(1);
      assertThat(cols.get(0).fault()).as("%s", kind).isPresent();
      covered.addAll(cols);
    }
    assertThat(covered.size()).isGreaterThan(3);
  }

  @Test
  void soakAndAnExplicitContinuousWorkloadRunEveryCell() {
    for (String[] args :
        List.of(new String[] {"--profile", "soak"}, new String[] {"--workload", "continuous"})) {
      CampaignOptions o = CampaignOptions.parse(args);
      for (LockKind kind : LockKind.values()) {
        long applicable = Arrays.stream(Column.values()).filter(c -> c.appliesTo(kind)).count();
        assertThat(continuousColumns(o, kind)).hasSize((int) applicable);
      }
    }
  }
}
