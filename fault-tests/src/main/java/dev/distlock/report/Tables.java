package dev.distlock.report;

import dev.distlock.SafetyProperty;
import dev.distlock.matrix.CellResult;
import dev.distlock.matrix.Cells;
import dev.distlock.matrix.Column;
import dev.distlock.matrix.MatrixResult;
import dev.distlock.matrix.Outcome;
import dev.distlock.matrix.Row;
import java.util.ArrayList;
import java.util.List;

/** What every rendering shares: the rows and columns present, lookups, legend and summary. */
final class Tables {
  private Tables() {}

  static List<Row> rows(MatrixResult m) {
    return m.cells().stream().map(CellResult::row).distinct().toList();
  }

  static List<Column> columns(MatrixResult m) {
    return m.cells().stream().map(CellResult::column).distinct().sorted().toList();
  }

  static CellResult cell(MatrixResult m, Row row, Column c) {
    return m.cells().stream()
        .filter(x -> x.row().equals(row) && x.column() == c)
        .findFirst()
        .orElse(null);
  }

  static String legend() {
    return "each cell: mutual exclusion, token order, resource safety, liveness. V violated as the"
        + " TLA+ model predicts; h holds as predicted; ! DISAGREES with the model; ? predicted"
        + " violation not reached by these runs; - no verdict; n/a the fault does not apply."
        + " Liveness (after the final heal every client acquires every lock again within the"
        + " stated bound; no stuck lease; positive tokens; no leaked entries, threads or"
        + " connections) is empirical and expected everywhere; . no continuous run";
  }

  /** One line per (cell, property) whose outcome is not agreement. */
  static List<String> attention(MatrixResult m) {
    List<String> out = new ArrayList<>();
    for (CellResult c : m.cells()) {
      Outcome live = c.livenessOutcome().orElse(Outcome.AGREES);
      if (live != Outcome.AGREES) {
        out.add(
            (live == Outcome.DISAGREES ? "LIVENESS VIOLATED" : "no liveness verdict")
                + ": "
                + c.row()
                + " x "
                + c.column().label()
                + ": "
                + Cells.livenessText(c)
                + c.firstLivenessViolation()
                    .map(r -> "; " + r.load().findings().replace('\n', ' ').trim())
                    .orElse(""));
      }
      for (SafetyProperty p : SafetyProperty.values()) {
        Outcome o = c.outcome(p);
        if (o == Outcome.AGREES) {
          continue;
        }
        String what =
            switch (o) {
              case DISAGREES -> "DISAGREES WITH THE MODEL";
              case NOT_REACHED -> "predicted violation NOT REACHED";
              default -> "no verdict";
            };
        out.add(
            what
                + ": "
                + c.row()
                + " x "
                + c.column().label()
                + ", "
                + Cells.name(p)
                + ": "
                + Cells.text(c, p)
                + "; TLA+ expects "
                + c.expectations().get(p).word()
                + " ("
                + c.expectations().get(p).tla()
                + ")");
      }
    }
    return out;
  }

  static String summary(MatrixResult m) {
    return String.format(
        "%d cells, %d runs in %ds (seed %d): %d agree, %d DISAGREE, %d not reached, %d without"
            + " verdict",
        m.cells().size(),
        m.runCount(),
        m.elapsed().toSeconds(),
        m.options().seed(),
        m.count(Outcome.AGREES),
        m.count(Outcome.DISAGREES),
        m.count(Outcome.NOT_REACHED),
        m.count(Outcome.INCONCLUSIVE));
  }
}
