package dev.distlock.report;

import dev.distlock.SafetyProperty;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.matrix.CellResult;
import dev.distlock.matrix.Cells;
import dev.distlock.matrix.Column;
import dev.distlock.matrix.MatrixResult;
import dev.distlock.matrix.Row;
import dev.distlock.matrix.RunRecord;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.testbed.TestedLocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The peers page ({@code peers.md}, {@code peers.html}): for every plugged-in lock of the campaign,
 * its rows next to distlock's row for the same deployment (when the campaign ran it), and what its
 * runs showed: each violation with its seed, the check that found it and the replay command. A
 * tokenless peer's token order is shown as {@code n/a}: it hands out no order to check.
 */
final class PeersReport {
  private PeersReport() {}

  /**
   * Says whether the matrix has peer rows.
   *
   * @param m the matrix
   * @return true if a row runs a plugged-in lock
   */
  static boolean hasPeers(MatrixResult m) {
    return Tables.rows(m).stream().anyMatch(r -> r.peer() != null);
  }

  /**
   * Renders {@code peers.md}.
   *
   * @param m the matrix
   * @return Markdown
   */
  static String markdown(MatrixResult m) {
    List<Column> columns = Tables.columns(m);
    StringBuilder sb = new StringBuilder("# Peers in the safety matrix\n\n");
    sb.append("Produced by `")
        .append(m.command())
        .append("`. Each peer runs through the test bed's plug-in (`dev.distlock.testbed`) under")
        .append(" the same plans, nemeses and checks as distlock's locks; its expectation is the")
        .append(" TLA+ prediction for the algorithm it implements. Codes: ")
        .append(Tables.legend())
        .append("; token order `n/a` for a lock without fencing tokens.\n");
    for (String peer : peers(m)) {
      TestedLockFactory f = TestedLocks.named(peer);
      sb.append("\n## ")
          .append(peer)
          .append("\n\nModel: ")
          .append(f.model())
          .append(f.fencing() ? "; fencing tokens" : "; no fencing token")
          .append(".\n\n| row \\ nemesis |");
      columns.forEach(c -> sb.append(' ').append(c.label()).append(" |"));
      sb.append("\n|---|");
      columns.forEach(c -> sb.append("---|"));
      sb.append('\n');
      for (Row row : rowsWithDistlock(m, peer)) {
        sb.append("| ").append(row.label()).append(" |");
        for (Column c : columns) {
          CellResult cell = Tables.cell(m, row, c);
          sb.append(' ').append(cell == null ? "n/a" : "`" + codes(cell) + "`").append(" |");
        }
        sb.append('\n');
      }
      sb.append('\n');
      findings(m, peer).forEach(l -> sb.append("- ").append(l).append('\n'));
    }
    return sb.toString();
  }

  /**
   * Renders {@code peers.html}: the same content, cells linking to their pages.
   *
   * @param m the matrix
   * @return HTML
   */
  static String html(MatrixResult m) {
    List<Column> columns = Tables.columns(m);
    StringBuilder sb =
        new StringBuilder(
            "<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>Peers</title><style>"
                + "body{font-family:sans-serif;margin:1.5em}table{border-collapse:collapse}"
                + "td,th{border:1px solid #bbb;padding:4px 6px}th{background:#eee}"
                + "</style></head><body><p><a href=\"index.html\">&larr; matrix</a></p>"
                + "<h1>Peers in the safety matrix</h1><p>");
    sb.append(HtmlReport.esc(Tables.legend()))
        .append("; token order n/a for a lock without fencing tokens.</p>");
    for (String peer : peers(m)) {
      TestedLockFactory f = TestedLocks.named(peer);
      sb.append("<h2>")
          .append(HtmlReport.esc(peer))
          .append("</h2><p>Model: ")
          .append(HtmlReport.esc(f.model()))
          .append(f.fencing() ? "; fencing tokens" : "; no fencing token")
          .append("</p><table><tr><th>row \\ nemesis</th>");
      columns.forEach(c -> sb.append("<th>").append(c.label()).append("</th>"));
      sb.append("</tr>");
      for (Row row : rowsWithDistlock(m, peer)) {
        sb.append("<tr><th>").append(HtmlReport.esc(row.label())).append("</th>");
        for (Column c : columns) {
          CellResult cell = Tables.cell(m, row, c);
          sb.append(
              cell == null
                  ? "<td>n/a</td>"
                  : "<td><a href=\"cells/" + cell.id() + ".html\">" + codes(cell) + "</a></td>");
        }
        sb.append("</tr>");
      }
      sb.append("</table><ul>");
      findings(m, peer).forEach(l -> sb.append("<li>").append(HtmlReport.esc(l)).append("</li>"));
      sb.append("</ul>");
    }
    return sb.append("</body></html>\n").toString();
  }

  private static List<String> peers(MatrixResult m) {
    return Tables.rows(m).stream().map(Row::peer).filter(p -> p != null).distinct().toList();
  }

  /** The peer's rows, each deployment's preceded by distlock's rows for it when present. */
  private static List<Row> rowsWithDistlock(MatrixResult m, String peer) {
    List<Row> out = new ArrayList<>();
    for (Row r : Tables.rows(m)) {
      if (!peer.equals(r.peer())) {
        continue;
      }
      for (Row d : List.of(new Row(r.kind(), false), new Row(r.kind(), true))) {
        if (!out.contains(d) && Tables.rows(m).contains(d)) {
          out.add(d);
        }
      }
      out.add(r);
    }
    return out;
  }

  private static String codes(CellResult c) {
    if (c.row().peer() != null && !TestedLocks.named(c.row().peer()).fencing()) {
      return Cells.code(c, SafetyProperty.MUTUAL_EXCLUSION)
          + " n/a "
          + Cells.code(c, SafetyProperty.RESOURCE_SAFETY);
    }
    return TerminalReport.codes(c);
  }

  /** One line per violated property of the peer's cells (token order of tokenless peers aside). */
  private static List<String> findings(MatrixResult m, String peer) {
    boolean fencing = TestedLocks.named(peer).fencing();
    List<String> out = new ArrayList<>();
    for (CellResult c : m.cells()) {
      if (!peer.equals(c.row().peer())) {
        continue;
      }
      for (SafetyProperty p : SafetyProperty.values()) {
        if (p == SafetyProperty.TOKEN_MONOTONIC && !fencing) {
          continue;
        }
        Optional<RunRecord> v = c.firstViolation(p);
        if (v.isEmpty()) {
          continue;
        }
        out.add(
            c.row().label()
                + " x "
                + c.column().label()
                + ": "
                + Cells.name(p)
                + " "
                + Cells.text(c, p)
                + " ("
                + c.outcome(p).name().toLowerCase(java.util.Locale.ROOT).replace('_', ' ')
                + " with TLA+ "
                + c.expectations().get(p).tla()
                + "): "
                + firstViolatedLine(v.get(), p)
                + "; replay: scripts/run.sh --locks "
                + c.row().label()
                + " --nemeses "
                + c.column().label()
                + " --runs 1 --seed "
                + v.get().plan().seed());
      }
    }
    if (out.isEmpty()) {
      out.add("No violation in these runs.");
    }
    return out;
  }

  private static String firstViolatedLine(RunRecord r, SafetyProperty p) {
    for (String line : r.detail().split("\n")) {
      if (line.contains("[" + p.name() + "]: " + PropertyVerdict.VIOLATED.name())) {
        return line.trim();
      }
    }
    return "see " + r.dir();
  }
}
