package dev.distlock.report;

import dev.distlock.SafetyProperty;
import dev.distlock.matrix.CellResult;
import dev.distlock.matrix.Cells;
import dev.distlock.matrix.Column;
import dev.distlock.matrix.MatrixResult;
import dev.distlock.matrix.Outcome;
import dev.distlock.matrix.Row;
import java.util.List;

/** The matrix as plain text for the terminal: one line per row, three codes per cell. */
public final class TerminalReport {
  private TerminalReport() {}

  /**
   * Renders the matrix.
   *
   * @param m the matrix
   * @return the text, with a legend and the cells that need attention
   */
  public static String render(MatrixResult m) {
    List<Column> columns = Tables.columns(m);
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%-22s", "lock \\ nemesis"));
    for (Column c : columns) {
      sb.append(String.format(" %-14s", c.label()));
    }
    sb.append('\n');
    for (Row row : Tables.rows(m)) {
      sb.append(String.format("%-22s", row.label()));
      for (Column c : columns) {
        CellResult cell = Tables.cell(m, row, c);
        sb.append(String.format(" %-14s", cell == null ? "n/a" : codes(cell)));
      }
      sb.append('\n');
    }
    sb.append(Tables.legend()).append('\n');
    for (String note : Tables.attention(m)) {
      sb.append("  ").append(note).append('\n');
    }
    sb.append(Tables.summary(m)).append('\n');
    return sb.toString();
  }

  static String codes(CellResult cell) {
    StringBuilder sb = new StringBuilder();
    for (SafetyProperty p : SafetyProperty.values()) {
      sb.append(Cells.code(cell, p));
      sb.append(' ');
    }
    return sb.append(Cells.livenessCode(cell)).toString();
  }

  static boolean attention(CellResult c, SafetyProperty p) {
    return c.outcome(p) != Outcome.AGREES;
  }
}
