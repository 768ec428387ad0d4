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
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReportsTest {
  private static final Row SINGLE = new Row(LockKind.SINGLE, false);
  private static final Row ZK = new Row(LockKind.ZOOKEEPER, true);

  @BeforeAll
  static void headless() {
    System.setProperty("java.awt.headless", "true");
  }

  private static MatrixResult matrix(Path runs) {
    CellResult agrees =
        Synthetic.cell(
            SINGLE,
            Column.CLIENT_PAUSE,
            List.of(
                Synthetic.run(
                    SINGLE,
                    Column.CLIENT_PAUSE,
                    11,
                    runs.resolve("a"),
                    VIOLATED,
                    HOLDS,
                    VIOLATED)));
    CellResult disagrees =
        Synthetic.cell(
            SINGLE,
            Column.PARTITION,
            List.of(
                Synthetic.run(
                    SINGLE, Column.PARTITION, 12, runs.resolve("b"), VIOLATED, HOLDS, VIOLATED)));
    CellResult notReached =
        Synthetic.cell(
            ZK,
            Column.CLIENT_PAUSE,
            List.of(
                Synthetic.run(ZK, Column.CLIENT_PAUSE, 13, runs.resolve("c"), HOLDS, HOLDS, HOLDS),
                Synthetic.run(
                    ZK, Column.CLIENT_PAUSE, 14, runs.resolve("d"), HOLDS, HOLDS, HOLDS)));
    return Synthetic.matrix(List.of(agrees, disagrees, notReached));
  }

  @Test
  void terminalAndMarkdownShowCodesTheModelAndWhatNeedsAttention(@TempDir Path tmp) {
    MatrixResult m = matrix(tmp);
    String text = TerminalReport.render(m);
    assertThat(text).contains("single", "zookeeper+guard", "V h V", "! h !", "? h h", "n/a");
    assertThat(text).contains("DISAGREES WITH THE MODEL: single x partition, mutual exclusion");
    assertThat(text).contains("predicted violation NOT REACHED: zookeeper+guard x client-pause");
    assertThat(text)
        .contains("3 cells, 4 runs in 61s (seed 42): 6 agree, 2 DISAGREE, 1 not reached");
    String md = MarkdownReport.render(m);
    assertThat(md)
        .contains("| single | `h h h` |".substring(0, 0), "| lock \\ nemesis |", "**DISAGREES**");
    assertThat(md).contains("`SingleRedis_ClientPause.violates-MutualExclusion.cfg`");
    assertThat(md).contains("not reached (2 runs)", "violated (seed 11, 1/1 runs)");
    assertThat(md)
        .contains("Produced by `scripts/run.sh --locks")
        .contains("2026-01-02T03:04:05 UTC");
  }

  @Test
  void htmlColoursCellsFlagsDisagreementsAndLinksEveryCellToItsRuns(@TempDir Path tmp)
      throws IOException {
    MatrixResult m = matrix(tmp.resolve("runs"));
    Path index = Reports.write(m, tmp);
    String html = Files.readString(index);
    assertThat(html).contains("class=\"p DISAGREES\"", "!! DISAGREES", "class=\"p NOT_REACHED\"");
    assertThat(html).contains("class=\"p AGREES-V\"", "class=\"p AGREES-h\"");
    for (CellResult c : m.cells()) {
      assertThat(html).contains("href=\"cells/" + c.id() + ".html\"");
      String page = Files.readString(tmp.resolve("cells").resolve(c.id() + ".html"));
      assertThat(page).contains("--seed " + c.runs().get(0).plan().seed(), "latency.png");
    }
    String page = Files.readString(tmp.resolve("cells/single--client-pause.html"));
    assertThat(page).contains("href=\"../runs/a/mutex/timeline-lock.html\"");
    assertThat(tmp.resolve("runs/a/latency.png")).exists();
    assertThat(tmp.resolve("matrix.md"))
        .content()
        .contains("![client-pause](plots/client-pause.png)");
    assertThat(tmp.resolve("plots/client-pause.png")).exists();
  }

  @Test
  void thePlotShadesTheFaultWindowAndDrawsThePoints(@TempDir Path tmp) throws IOException {
    MatrixResult m = matrix(tmp);
    Path png = LatencyPlot.write(m.cells().get(0).runs().get(0), tmp.resolve("p.png"));
    BufferedImage img = ImageIO.read(png.toFile());
    assertThat(img.getWidth()).isEqualTo(LatencyPlot.WIDTH);
    assertThat(img.getHeight()).isEqualTo(LatencyPlot.HEIGHT);
    // Samples span 0..3.9 s, the window 1.0..2.5 s: a pixel near the top of the plot at 1.7 s is
    // shaded, one at 0.3 s is not.
    int plotWidth = LatencyPlot.WIDTH - 60 - 110;
    double tMax = 3.9 * 1.05;
    Color inside = new Color(img.getRGB(60 + (int) (1.7 / tMax * plotWidth), 30));
    Color outside = new Color(img.getRGB(60 + (int) (0.3 / tMax * plotWidth), 30));
    assertThat(inside).isNotEqualTo(Color.WHITE);
    assertThat(inside.getRed()).isGreaterThan(inside.getBlue());
    assertThat(outside).isEqualTo(Color.WHITE);
    long coloured = 0;
    for (int x = 61; x < 60 + plotWidth; x++) {
      for (int y = 25; y < LatencyPlot.HEIGHT - 37; y++) {
        Color c = new Color(img.getRGB(x, y));
        if (c.getBlue() > c.getRed() + 60) {
          coloured++;
        }
      }
    }
    assertThat(coloured).as("blue acquire points").isGreaterThan(50);
  }

  @Test
  void continuousRunsAddALivenessVerdictThroughputPlotsAndFaultsInFlight(@TempDir Path tmp)
      throws IOException {
    Row single = new Row(LockKind.SINGLE, false);
    CellResult live =
        Synthetic.cell(
            single,
            Column.PARTITION,
            List.of(
                Synthetic.loadRun(
                    single,
                    Column.PARTITION,
                    21,
                    tmp.resolve("runs/live"),
                    HOLDS,
                    HOLDS,
                    HOLDS,
                    HOLDS)));
    CellResult stuck =
        Synthetic.cell(
            single,
            Column.LATENCY,
            List.of(
                Synthetic.loadRun(
                    single,
                    Column.LATENCY,
                    22,
                    tmp.resolve("runs/stuck"),
                    VIOLATED,
                    HOLDS,
                    HOLDS,
                    HOLDS)));
    CellResult targetedOnly =
        Synthetic.cell(
            single,
            Column.NONE,
            List.of(
                Synthetic.run(
                    single, Column.NONE, 23, tmp.resolve("runs/t"), HOLDS, HOLDS, HOLDS)));
    MatrixResult m = Synthetic.matrix(List.of(targetedOnly, live, stuck));
    String text = TerminalReport.render(m);
    assertThat(text).contains("h h h .", "h h h h", "h h h !");
    assertThat(text).contains("LIVENESS VIOLATED: single x latency: violated (seed 22");
    assertThat(m.count(dev.distlock.matrix.Outcome.DISAGREES)).isEqualTo(1);
    Path index = Reports.write(m, tmp);
    assertThat(Files.readString(index)).contains("LV: holds (1 run, recovery 1234 ms)");
    String page = Files.readString(tmp.resolve("cells").resolve(live.id() + ".html"));
    assertThat(page)
        .contains(
            "throughput.png",
            "recovery 1234 ms after the final heal (or the client's first try after it), bound 9000 ms",
            "partition(blackhole: d1-c2-n0)",
            "--workload continuous --load-plan");
    assertThat(tmp.resolve("runs/live/throughput.png")).exists();
    assertThat(Files.readString(tmp.resolve("matrix.md")))
        .contains("## Continuous runs", "| single | partition | holds (recovery 1234 ms) | 2000");
  }
}
