package dev.distlock.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.SafetyProperty;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.report.Reports;
import dev.distlock.report.TerminalReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The quick peer campaign of CI: Redisson's {@code RFencedLock} (with and without the guard) and
 * Curator's {@code InterProcessMutex}, run through the plug-in, with no fault and with the holder's
 * JVM paused, one seeded plan per cell. Every verdict must agree with the TLA+ model of the peer's
 * algorithm, the pause must break mutual exclusion as modelled, and the peers page must be written.
 */
class PeerMatrixIT {
  private static final long SEED = 20_261_201L;

  @Test
  @Timeout(value = 5, unit = TimeUnit.MINUTES)
  void peerCellsAgreeWithTheModelOfTheirAlgorithm() throws Exception {
    Path out = Path.of("target", "report-peers-it");
    CampaignOptions o =
        CampaignOptions.parse(
            new String[] {
              "--locks", "redisson-fenced@single,curator-mutex",
              "--nemeses", "none,client-pause",
              "--runs", "1",
              "--seed", Long.toString(SEED),
              "--budget", "3m",
              "--out", out.toString()
            });
    assertThat(o.rows())
        .extracting(Row::label)
        .containsExactly(
            "redisson-fenced@single", "redisson-fenced@single+guard", "curator-mutex@zookeeper");
    MatrixResult m = new Campaign(o, Expectations.load(), System.out::println).run("PeerMatrixIT");
    System.out.println(TerminalReport.render(m));
    Reports.write(m, out);

    assertThat(m.cells()).hasSize(6);
    for (CellResult c : m.cells()) {
      assertThat(c.checkedRuns()).as("%s x %s ran and was checked", c.row(), c.column()).hasSize(1);
      assertThat(c.checkedRuns().get(0).samples())
          .as("ops of %s x %s", c.row(), c.column())
          .hasSizeGreaterThan(4);
      for (SafetyProperty p : SafetyProperty.values()) {
        assertThat(c.outcome(p))
            .as("%s x %s %s: %s", c.row(), c.column().label(), p, Cells.text(c, p))
            .isEqualTo(Outcome.AGREES);
      }
    }
    CellResult paused =
        m.cells().stream()
            .filter(c -> c.row().label().equals("curator-mutex@zookeeper"))
            .filter(c -> c.column() == Column.CLIENT_PAUSE)
            .findFirst()
            .orElseThrow();
    assertThat(paused.observed(SafetyProperty.MUTUAL_EXCLUSION)).contains(PropertyVerdict.VIOLATED);
    String page = Files.readString(out.resolve("peers.md"));
    assertThat(page).contains("## redisson-fenced", "## curator-mutex", "replay: scripts/run.sh");
    assertThat(out.resolve("peers.html")).exists();
  }
}
