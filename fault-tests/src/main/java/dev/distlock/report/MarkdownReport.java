package dev.distlock.report;

import dev.distlock.SafetyProperty;
import dev.distlock.matrix.CellResult;
import dev.distlock.matrix.Cells;
import dev.distlock.matrix.Column;
import dev.distlock.matrix.Expectation;
import dev.distlock.matrix.MatrixResult;
import dev.distlock.matrix.Outcome;
import dev.distlock.matrix.Row;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.List;

/**
 * {@code matrix.md}: the matrix with codes, then one line per cell and property with the details.
 */
public final class MarkdownReport {
  private MarkdownReport() {}

  /**
   * Renders the matrix.
   *
   * @param m the matrix
   * @return Markdown
   */
  public static String render(MatrixResult m) {
    List<Column> columns = Tables.columns(m);
    StringBuilder sb = new StringBuilder("# Safety matrix\n\n");
    sb.append("Produced by `")
        .append(m.command())
        .append("` on ")
        .append(
            DateTimeFormatter.ISO_LOCAL_DATE_TIME.format(
                m.started().atOffset(ZoneOffset.UTC).withNano(0)))
        .append(" UTC in ")
        .append(m.elapsed().toSeconds())
        .append(" s.\n\n")
        .append(Tables.summary(m))
        .append(".\n\n");
    sb.append("| lock \\ nemesis |");
    columns.forEach(c -> sb.append(' ').append(c.label()).append(" |"));
    sb.append("\n|---|");
    columns.forEach(c -> sb.append("---|"));
    sb.append('\n');
    for (Row row : Tables.rows(m)) {
      sb.append("| ").append(row.label()).append(" |");
      for (Column c : columns) {
        CellResult cell = Tables.cell(m, row, c);
        sb.append(' ')
            .append(cell == null ? "n/a" : "`" + TerminalReport.codes(cell) + "`")
            .append(" |");
      }
      sb.append('\n');
    }
    sb.append("\n").append(Tables.legend()).append(".\n");
    List<String> attention = Tables.attention(m);
    sb.append("\n## Needs attention\n\n");
    if (attention.isEmpty()) {
      sb.append("Nothing: every cell agrees with the TLA+ expectation.\n");
    } else {
      attention.forEach(a -> sb.append("- ").append(a).append('\n'));
    }
    sb.append("\n## Cells\n\n| lock | nemesis | property | observed | TLA+ | source | outcome |\n")
        .append("|---|---|---|---|---|---|---|\n");
    for (CellResult c : m.cells()) {
      for (SafetyProperty p : SafetyProperty.values()) {
        Expectation e = c.expectations().get(p);
        Outcome o = c.outcome(p);
        sb.append("| ")
            .append(c.row())
            .append(" | ")
            .append(c.column().label())
            .append(" | ")
            .append(Cells.name(p))
            .append(" | ")
            .append(Cells.text(c, p))
            .append(" | ")
            .append(e.word())
            .append(" | `")
            .append(e.tla())
            .append("` | ")
            .append(
                o == Outcome.DISAGREES ? "**DISAGREES**" : o.name().toLowerCase().replace('_', ' '))
            .append(" |\n");
      }
    }
    if (m.cells().stream().anyMatch(c -> c.liveness().isPresent())) {
      sb.append(
              "\n## Continuous runs\n\n| lock | nemesis | liveness | ops per run | faults per run |"
                  + " in flight at fault starts | recovery bound |\n")
          .append("|---|---|---|---|---|---|---|\n");
      for (CellResult c : m.cells()) {
        for (dev.distlock.matrix.RunRecord r : c.livenessRuns()) {
          sb.append("| ")
              .append(c.row())
              .append(" | ")
              .append(c.column().label())
              .append(" | ")
              .append(r.load().liveness().name().toLowerCase())
              .append(String.format(" (recovery %.0f ms)", r.load().recoveryMillis()))
              .append(" | ")
              .append(r.load().lockOps())
              .append(" lock ops | ")
              .append(r.load().starts().size())
              .append(" | ")
              .append(r.load().inFlightTotals())
              .append(" | ")
              .append(r.load().bound())
              .append(" |\n");
        }
      }
    }
    boolean shrunk = m.cells().stream().anyMatch(c -> !c.shrunk().isEmpty());
    if (shrunk) {
      sb.append("\n## Smallest failing plans found\n\n");
      for (CellResult c : m.cells()) {
        c.shrunk()
            .forEach(
                (p, s) ->
                    sb.append("- ")
                        .append(c.row())
                        .append(" x ")
                        .append(c.column().label())
                        .append(", ")
                        .append(Cells.name(p))
                        .append(" (")
                        .append(s.attempts())
                        .append(" attempts): `")
                        .append(s.smallest().describe())
                        .append("`\n"));
      }
    }
    return sb.toString();
  }
}
