package dev.distlock.report;

import static dev.distlock.check.PropertyVerdict.HOLDS;
import static dev.distlock.check.PropertyVerdict.VIOLATED;
import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.matrix.CellResult;
import dev.distlock.matrix.Column;
import dev.distlock.matrix.MatrixResult;
import dev.distlock.matrix.Row;
import dev.distlock.matrix.Synthetic;
import dev.distlock.workload.LockKind;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The peers page from a synthetic matrix: no server. */
class PeersReportTest {
  @Test
  void eachPeerStandsNextToDistlocksRowWithItsViolationsAndReplayCommands(@TempDir Path tmp) {
    Row single = new Row(LockKind.SINGLE, false);
    Row rlock = new Row(LockKind.SINGLE, false, "redisson-rlock");
    CellResult own =
        Synthetic.cell(
            single,
            Column.CLIENT_PAUSE,
            List.of(Synthetic.run(single, Column.CLIENT_PAUSE, 7, tmp, VIOLATED, HOLDS, VIOLATED)));
    CellResult peer =
        Synthetic.cell(
            rlock,
            Column.CLIENT_PAUSE,
            List.of(
                Synthetic.run(rlock, Column.CLIENT_PAUSE, 8, tmp, VIOLATED, VIOLATED, VIOLATED)));
    MatrixResult m = Synthetic.matrix(List.of(own, peer));
    assertThat(PeersReport.hasPeers(m)).isTrue();
    assertThat(PeersReport.hasPeers(Synthetic.matrix(List.of(own)))).isFalse();

    String md = PeersReport.markdown(m);
    assertThat(md)
        .contains("## redisson-rlock", "Model: SingleRedis without token; no fencing token")
        .contains("| single | `V h V` |", "| redisson-rlock@single | `V n/a V` |")
        .contains("replay: scripts/run.sh --locks redisson-rlock@single --nemeses client-pause")
        .contains("--seed 8")
        // A tokenless lock's token order is no finding of its own.
        .doesNotContain("token order violated");
    assertThat(md.indexOf("| single |")).isLessThan(md.indexOf("| redisson-rlock@single |"));
    assertThat(PeersReport.html(m))
        .contains("<h2>redisson-rlock</h2>", "cells/redisson-rlock@single--client-pause.html");
  }
}
