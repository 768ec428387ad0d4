package dev.distlock.report;

import dev.distlock.SafetyProperty;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.generator.LoadPlan;
import dev.distlock.matrix.CellResult;
import dev.distlock.matrix.Cells;
import dev.distlock.matrix.Column;
import dev.distlock.matrix.ContinuousRuns;
import dev.distlock.matrix.Expectation;
import dev.distlock.matrix.MatrixResult;
import dev.distlock.matrix.Outcome;
import dev.distlock.matrix.Row;
import dev.distlock.matrix.RunRecord;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;

/**
 * {@code index.html}: the matrix, each cell coloured by how it compares with the TLA+ expectation
 * (green: holds as predicted; amber: violated as predicted; red, flagged: disagrees; grey:
 * predicted violation not reached), each linking to a page with its runs, their plans and seeds,
 * timelines and latency plots.
 */
public final class HtmlReport {
  private static final String STYLE =
      """
      <style>
      body{font-family:sans-serif;margin:1.5em;color:#222}
      table{border-collapse:collapse}td,th{border:1px solid #bbb;padding:4px 6px;vertical-align:top}
      th{background:#eee}.p{display:block;font-size:12px;white-space:nowrap;padding:1px 3px;margin:1px 0}
      .AGREES-h{background:#d6f5d6}.AGREES-V{background:#ffe0a3}.DISAGREES{background:#ff4d4d;
      color:#fff;font-weight:bold}.NOT_REACHED{background:#d9d9d9}.INCONCLUSIVE{background:#f0f0f0;
      color:#777}.na{color:#999;text-align:center}a{color:inherit}.tla{color:#555;font-size:11px}
      pre{background:#f6f6f6;padding:6px;font-size:12px;white-space:pre-wrap}
      </style>
      """;

  private HtmlReport() {}

  /**
   * Renders the index page.
   *
   * @param m the matrix
   * @return HTML
   */
  public static String index(MatrixResult m) {
    List<Column> columns = Tables.columns(m);
    StringBuilder sb = page("Safety matrix");
    sb.append("<h1>Safety matrix</h1><p>")
        .append(esc(Tables.summary(m)))
        .append("</p><p>Command: <code>")
        .append(esc(m.command()))
        .append("</code>, started ")
        .append(m.started())
        .append("</p>");
    if (PeersReport.hasPeers(m)) {
      sb.append("<p><a href=\"peers.html\">Peers: what each library showed</a></p>");
    }
    if (m.count(Outcome.DISAGREES) > 0) {
      sb.append("<p class=\"p DISAGREES\">")
          .append(m.count(Outcome.DISAGREES))
          .append(
              " verdicts DISAGREE with the TLA+ model: a bug in the lock, the checker or the"
                  + " model.</p>");
    }
    sb.append("<table><tr><th>lock \\ nemesis</th>");
    columns.forEach(c -> sb.append("<th>").append(c.label()).append("</th>"));
    sb.append("</tr>");
    for (Row row : Tables.rows(m)) {
      sb.append("<tr><th>").append(esc(row.label())).append("</th>");
      for (Column c : columns) {
        CellResult cell = Tables.cell(m, row, c);
        if (cell == null) {
          sb.append("<td class=\"na\">n/a</td>");
          continue;
        }
        sb.append("<td><a href=\"cells/").append(cell.id()).append(".html\">");
        for (SafetyProperty p : SafetyProperty.values()) {
          Expectation e = cell.expectations().get(p);
          sb.append("<span class=\"p ")
              .append(css(cell, p))
              .append("\" title=\"")
              .append(esc(e.tla()))
              .append("\">")
              .append(abbrev(p))
              .append(": ")
              .append(esc(Cells.text(cell, p)))
              .append(" <span class=\"tla\">· TLA+ ")
              .append(e.word())
              .append("</span>")
              .append(cell.outcome(p) == Outcome.DISAGREES ? " !! DISAGREES" : "")
              .append("</span>");
        }
        sb.append("<span class=\"p ")
            .append(livenessCss(cell))
            .append("\" title=\"empirical\">LV: ")
            .append(esc(Cells.livenessText(cell)))
            .append("</span>");
        sb.append("</a></td>");
      }
      sb.append("</tr>");
    }
    sb.append("</table><p>")
        .append(esc(Tables.legend()))
        .append(
            ". ME mutual exclusion, TO token order, RS resource safety, LV liveness. Hover a verdict for"
                + " the TLA+ configuration; click a cell for its runs.</p>");
    List<String> attention = Tables.attention(m);
    if (!attention.isEmpty()) {
      sb.append("<h2>Needs attention</h2><ul>");
      attention.forEach(a -> sb.append("<li>").append(esc(a)).append("</li>"));
      sb.append("</ul>");
    }
    return sb.append("</body></html>\n").toString();
  }

  /**
   * Renders the page of one cell.
   *
   * @param c the cell
   * @param relative turns a file of the report into a link relative to the cell's page
   * @return HTML
   */
  public static String cell(CellResult c, Function<Path, String> relative) {
    StringBuilder sb = page(c.row() + " x " + c.column().label());
    sb.append("<p><a href=\"../index.html\">&larr; matrix</a></p><h1>")
        .append(esc(c.row().label()))
        .append(" &times; ")
        .append(c.column().label())
        .append("</h1><table><tr><th>property</th><th>observed</th><th>TLA+</th>")
        .append("<th>source</th><th>outcome</th></tr>");
    for (SafetyProperty p : SafetyProperty.values()) {
      Expectation e = c.expectations().get(p);
      sb.append("<tr class=\"")
          .append(css(c, p))
          .append("\"><td>")
          .append(Cells.name(p))
          .append("</td><td>")
          .append(esc(Cells.text(c, p)))
          .append("</td><td>")
          .append(e.word())
          .append("</td><td><code>")
          .append(esc(e.tla()))
          .append("</code></td><td>")
          .append(c.outcome(p))
          .append("</td></tr>");
    }
    sb.append("<tr class=\"")
        .append(livenessCss(c))
        .append("\"><td>liveness</td><td>")
        .append(esc(Cells.livenessText(c)))
        .append("</td><td>holds</td><td><code>")
        .append(CellResult.LIVENESS_SOURCE)
        .append("</code></td><td>")
        .append(c.livenessOutcome().map(Enum::name).orElse("not run"))
        .append("</td></tr>");
    sb.append("</table>");
    c.shrunk()
        .forEach(
            (p, s) ->
                sb.append("<p>Smallest plan still violating ")
                    .append(Cells.name(p))
                    .append(" (")
                    .append(s.attempts())
                    .append(" attempts): <code>")
                    .append(esc(s.smallest().describe()))
                    .append("</code></p>"));
    sb.append("<h2>Runs</h2>");
    int i = 0;
    for (RunRecord r : c.runs()) {
      sb.append("<h3>run ")
          .append(i++)
          .append(", seed ")
          .append(r.plan().seed())
          .append(r.load() != null ? " (continuous)" : " (targeted)")
          .append("</h3><p>Replay: <code>")
          .append(
              esc(
                  r.plan() instanceof LoadPlan lp
                      ? ContinuousRuns.replay(c.row(), c.column(), lp)
                      : "scripts/run.sh --locks "
                          + c.row().label()
                          + " --nemeses "
                          + c.column().label()
                          + " --runs 1 --seed "
                          + r.plan().seed()
                          + " --workload targeted"))
          .append("</code></p><pre>")
          .append(esc(r.plan().describe()))
          .append("</pre>");
      if (r.error() != null) {
        sb.append("<p class=\"p INCONCLUSIVE\">run failed: ").append(esc(r.error())).append("</p>");
        continue;
      }
      sb.append("<p>");
      for (SafetyProperty p : SafetyProperty.values()) {
        PropertyVerdict v = r.verdict(p);
        sb.append(abbrev(p)).append(": ").append(v).append(" &nbsp; ");
      }
      sb.append(String.format("(%.1f s)", r.nanos() / 1e9)).append("</p><p>");
      for (Path t : r.timelines()) {
        sb.append("<a href=\"")
            .append(relative.apply(t))
            .append("\">timeline ")
            .append(esc(r.dir().relativize(t).toString()))
            .append("</a> &nbsp; ");
      }
      sb.append("<a href=\"")
          .append(relative.apply(r.dir().resolve("results.txt")))
          .append("\">results</a> &nbsp; <a href=\"")
          .append(relative.apply(r.dir().resolve("history-lock.jsonl")))
          .append("\">lock history</a></p><img alt=\"latency\" src=\"")
          .append(relative.apply(r.dir().resolve("latency.png")))
          .append("\">");
      if (r.load() != null) {
        load(sb, r, relative);
      }
      sb.append("<pre>").append(esc(r.detail())).append("</pre>");
    }
    return sb.append("</body></html>\n").toString();
  }

  private static void load(StringBuilder sb, RunRecord r, Function<Path, String> relative) {
    RunRecord.Load l = r.load();
    sb.append("<img alt=\"throughput\" src=\"")
        .append(relative.apply(r.dir().resolve("throughput.png")))
        .append("\"><p>Liveness: ")
        .append(l.liveness())
        .append(
            String.format(
                "; recovery %.0f ms after the final heal (or the client's first try after it),"
                    + " bound ",
                l.recoveryMillis()))
        .append(l.boundMillis())
        .append(" ms (")
        .append(esc(l.bound()))
        .append("); ")
        .append(l.lockOps())
        .append(" lock operations.</p><pre>")
        .append(esc(l.findings()))
        .append("</pre><table><tr><th>fault</th><th>at</th><th>ops in flight</th>")
        .append(
            "<th>backend calls in flight (clients' view)</th><th>clients not answering</th></tr>");
    for (RunRecord.FaultStart s : l.starts()) {
      sb.append("<tr><td>")
          .append(esc(s.label()))
          .append(String.format("</td><td>%.2f s</td><td>", s.atSeconds()))
          .append(esc(String.valueOf(new java.util.TreeMap<>(s.ops()))))
          .append("</td><td>")
          .append(esc(String.valueOf(new java.util.TreeMap<>(s.rpcs()))))
          .append("</td><td>")
          .append(s.unanswered())
          .append("</td></tr>");
    }
    sb.append("</table><p>Totals: ").append(esc(String.valueOf(l.inFlightTotals()))).append("</p>");
  }

  private static String livenessCss(CellResult c) {
    return c.livenessOutcome()
        .map(o -> o == Outcome.AGREES ? "AGREES-h" : o.name())
        .orElse("INCONCLUSIVE");
  }

  private static String css(CellResult c, SafetyProperty p) {
    Outcome o = c.outcome(p);
    if (o == Outcome.AGREES) {
      return "AGREES-" + (c.expectations().get(p).violated() ? "V" : "h");
    }
    return o.name();
  }

  private static String abbrev(SafetyProperty p) {
    return switch (p) {
      case MUTUAL_EXCLUSION -> "ME";
      case TOKEN_MONOTONIC -> "TO";
      case RESOURCE_SAFETY -> "RS";
    };
  }

  private static StringBuilder page(String title) {
    return new StringBuilder("<!DOCTYPE html><html><head><meta charset=\"utf-8\"><title>")
        .append(esc(title))
        .append("</title>")
        .append(STYLE)
        .append("</head><body>");
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
