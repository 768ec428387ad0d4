package dev.distlock.report;

import dev.distlock.matrix.CellResult;
import dev.distlock.matrix.Column;
import dev.distlock.matrix.MatrixResult;
import dev.distlock.matrix.RunRecord;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/** Writes every rendering of a matrix into one directory. */
public final class Reports {
  private Reports() {}

  /**
   * Writes {@code index.html}, {@code matrix.md} (with one latency plot per column under {@code
   * plots/}), {@code peers.md} and {@code peers.html} when plugged-in locks ran, one page per cell
   * under {@code cells/} and one {@code latency.png} per run next to its files under {@code runs/}.
   *
   * @param m the matrix
   * @param dir the report directory (created)
   * @return the path of {@code index.html}
   * @throws UncheckedIOException if a file cannot be written
   */
  public static Path write(MatrixResult m, Path dir) {
    try {
      Path root = dir.toAbsolutePath();
      Files.createDirectories(root.resolve("cells"));
      for (CellResult c : m.cells()) {
        for (RunRecord r : c.runs()) {
          if (r.dir() != null) {
            LatencyPlot.write(r, r.dir().resolve("latency.png"));
          }
        }
        Path page = root.resolve("cells").resolve(c.id() + ".html");
        Files.writeString(
            page,
            HtmlReport.cell(
                c,
                p ->
                    page.getParent().relativize(p.toAbsolutePath()).toString().replace('\\', '/')));
      }
      Map<Column, RunRecord> plots = representativeRuns(m);
      StringBuilder md = new StringBuilder(MarkdownReport.render(m));
      if (!plots.isEmpty()) {
        Files.createDirectories(root.resolve("plots"));
        md.append("\n## Latency over time (fault windows shaded)\n\n");
        for (Map.Entry<Column, RunRecord> e : plots.entrySet()) {
          String name = e.getKey().label() + ".png";
          LatencyPlot.write(e.getValue(), root.resolve("plots").resolve(name));
          md.append("### ")
              .append(e.getKey().label())
              .append("\n\n`")
              .append(e.getValue().plan().describe())
              .append("`\n\n![")
              .append(e.getKey().label())
              .append("](plots/")
              .append(name)
              .append(")\n\n");
        }
      }
      Files.writeString(root.resolve("matrix.md"), md.toString());
      if (PeersReport.hasPeers(m)) {
        Files.writeString(root.resolve("peers.md"), PeersReport.markdown(m));
        Files.writeString(root.resolve("peers.html"), PeersReport.html(m));
      }
      Path index = root.resolve("index.html");
      Files.writeString(index, HtmlReport.index(m));
      return index;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Per column, the first run that violated something (else the first checked run). */
  static Map<Column, RunRecord> representativeRuns(MatrixResult m) {
    Map<Column, RunRecord> out = new LinkedHashMap<>();
    for (CellResult c : m.cells()) {
      for (RunRecord r : c.checkedRuns()) {
        boolean violated =
            r.verdicts().values().stream()
                .anyMatch(v -> v == dev.distlock.check.PropertyVerdict.VIOLATED);
        RunRecord old = out.get(c.column());
        boolean oldViolated =
            old != null
                && old.verdicts().values().stream()
                    .anyMatch(v -> v == dev.distlock.check.PropertyVerdict.VIOLATED);
        if (old == null || (violated && !oldViolated)) {
          out.put(c.column(), r);
        }
      }
    }
    return out;
  }
}
