package dev.distlock.timeline;

import dev.distlock.checker.Failure;
import dev.distlock.checker.PartitionResult;
import dev.distlock.checker.Result;
import dev.distlock.checker.Verdict;
import dev.distlock.history.History;
import dev.distlock.history.Op;
import dev.distlock.model.Model;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Renders an invalid partition as a self-contained HTML page (inline SVG and CSS, no scripts, no
 * network): one row per process, each op a bar from its invoke to its completion, coloured by
 * outcome (ok green, fail red, info amber and open to the right), the ops of the longest
 * linearizable prefix numbered in their linearization order, and the op that could not be
 * linearized outlined in red. Hovering a bar shows the op, its times and the state after it.
 *
 * <p>The time axis is ordinal (each distinct timestamp gets the same width, so short ops stay
 * visible); real times are in the tooltips. Partitions with many ops are shown in a window of ops
 * around the failure.
 */
public final class Timeline {
  private static final int MAX_OPS = 600;
  private static final int BEFORE = 400;
  private static final int STEP = 12;
  private static final int ROW = 28;
  private static final int LEFT = 90;
  private static final int TOP = 30;

  private Timeline() {}

  /**
   * Writes one HTML file per invalid partition of {@code result} into {@code dir} (created if
   * needed).
   *
   * @return the file written for each invalid key, in result order
   */
  public static Map<String, Path> writeAll(Path dir, Model<?> model, History history, Result result)
      throws IOException {
    Map<String, Path> written = new LinkedHashMap<>();
    List<PartitionResult> invalid = result.invalid();
    if (invalid.isEmpty()) {
      return written;
    }
    Files.createDirectories(dir);
    Map<String, List<Op>> byKey = history.byKey();
    Map<String, Integer> used = new HashMap<>();
    for (PartitionResult p : invalid) {
      String base = "timeline-" + sanitize(p.key());
      int n = used.merge(base, 1, Integer::sum);
      Path file = dir.resolve(n == 1 ? base + ".html" : base + "-" + n + ".html");
      Files.writeString(
          file, render(model, p, byKey.getOrDefault(p.key(), List.of())), StandardCharsets.UTF_8);
      written.put(p.key(), file);
    }
    return written;
  }

  static String sanitize(String key) {
    if (key == null) {
      return "all";
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < key.length() && sb.length() < 60; i++) {
      char c = key.charAt(i);
      sb.append(Character.isLetterOrDigit(c) || c == '-' || c == '_' || c == '.' ? c : '_');
    }
    return sb.length() == 0 ? "_" : sb.toString();
  }

  /**
   * Renders one invalid partition.
   *
   * @param ops the partition's ops (any order; failed ops included)
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static String render(Model<?> model, PartitionResult p, List<Op> ops) {
    if (p.verdict() != Verdict.INVALID || p.failure() == null) {
      throw new IllegalArgumentException("only invalid partitions have a timeline");
    }
    Model m = model;
    Failure f = p.failure();
    Map<Integer, Integer> order = new HashMap<>();
    Map<Integer, String> stateAfter = new HashMap<>();
    for (int i = 0; i < f.linearized().size(); i++) {
      order.put(f.linearized().get(i).id(), i + 1);
      stateAfter.put(f.linearized().get(i).id(), f.statesAfter().get(i));
    }
    Op blocking = f.blocking();

    // Choose the ops to show.
    List<Op> sorted = new ArrayList<>(ops);
    sorted.sort((a, b) -> Long.compare(a.invokeTime(), b.invokeTime()));
    List<Op> shown = sorted;
    String windowNote = "";
    if (sorted.size() > MAX_OPS) {
      int bi = 0;
      for (int i = 0; i < sorted.size(); i++) {
        if (sorted.get(i).id() == blocking.id()) {
          bi = i;
          break;
        }
      }
      long t0 = sorted.get(Math.max(0, bi - BEFORE)).invokeTime();
      long t1 = blocking.completeTime();
      shown = new ArrayList<>();
      for (Op op : sorted) {
        if (shown.size() >= MAX_OPS) {
          break;
        }
        long end = op.isInfo() ? Long.MAX_VALUE : op.completeTime();
        if (op.invokeTime() <= t1 && end >= t0) {
          shown.add(op);
        }
      }
      if (!shown.contains(blocking)) {
        shown.add(blocking);
      }
      windowNote =
          "Showing "
              + shown.size()
              + " of "
              + sorted.size()
              + " ops: those overlapping the "
              + BEFORE
              + " ops before the failure.";
    }

    // Ordinal time axis.
    TreeSet<Long> times = new TreeSet<>();
    for (Op op : shown) {
      times.add(op.invokeTime());
      if (op.completeIndex() >= 0 && !op.isInfo()) {
        times.add(op.completeTime());
      }
    }
    Map<Long, Integer> x = new HashMap<>();
    int xi = 0;
    for (long t : times) {
      x.put(t, LEFT + 10 + STEP * xi++);
    }
    int right = LEFT + 10 + STEP * xi + 60;
    TreeMap<Long, Integer> rows = new TreeMap<>();
    for (Op op : shown) {
      rows.putIfAbsent(op.process(), 0);
    }
    int r = 0;
    for (Map.Entry<Long, Integer> e : rows.entrySet()) {
      e.setValue(r++);
    }
    int height = TOP + ROW * rows.size() + 20;

    StringBuilder h = new StringBuilder(64 * 1024);
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">\n<title>");
    esc(h, "Not linearizable: " + model.name() + " key " + (p.key() == null ? "(none)" : p.key()));
    h.append("</title>\n<style>\n")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:20px;color:#222}")
        .append("h1{font-size:20px;margin:0 0 6px}.sub{color:#555;margin:0 0 12px}")
        .append(
            ".box{border:1px solid #ccc;border-radius:6px;padding:10px 14px;margin:10px 0;background:#fafafa}")
        .append(".bad{border-color:#d50000;background:#fff5f5}")
        .append(".scroll{overflow-x:auto;border:1px solid #ddd;border-radius:6px}")
        .append("svg text{font:11px system-ui,sans-serif}")
        .append(".ok{fill:#a5d6a7;stroke:#2e7d32}.fail{fill:#ef9a9a;stroke:#c62828}")
        .append(".info{fill:url(#infofade);stroke:#ef6c00;stroke-dasharray:4 2}")
        .append(".block{stroke:#d50000;stroke-width:3}")
        .append(".badge{fill:#1565c0}.badgetxt{fill:#fff;font-weight:bold;font-size:9px}")
        .append(
            "table{border-collapse:collapse;margin-top:8px}td,th{border:1px solid #ddd;padding:3px 8px;text-align:left;font-size:13px}")
        .append("th{background:#eee}tr.blk td{background:#ffebee;font-weight:bold}")
        .append(".legend span{display:inline-block;margin-right:16px}")
        .append(
            ".sw{display:inline-block;width:26px;height:12px;vertical-align:middle;margin-right:5px;border:1px solid}")
        .append("code{font-size:13px}\n</style></head><body>\n");
    h.append("<h1>Not linearizable</h1>\n<p class=\"sub\">model <code>");
    esc(h, model.name());
    h.append("</code> &middot; key <code>");
    esc(h, p.key() == null ? "(none)" : p.key());
    h.append("</code> &middot; ")
        .append(p.ops())
        .append(" ops checked (failed ops ignored) &middot; ")
        .append(rows.size())
        .append(" processes shown</p>\n");
    h.append("<div class=\"box bad\"><b>Cannot linearize:</b> <code>");
    esc(h, m.describeOperation(blocking));
    h.append("</code> (process ")
        .append(blocking.process())
        .append(", index ")
        .append(blocking.invokeIndex())
        .append(", invoked at ")
        .append(blocking.invokeTime())
        .append(", completed at ")
        .append(blocking.completeTime())
        .append(").<br>After the longest linearizable prefix the search found (")
        .append(f.linearized().size())
        .append(" ops, numbered on the bars) the state is <code>");
    esc(h, f.stateAtFailure());
    h.append(
        "</code>, and no remaining order lets this op take effect before it returned.</div>\n");
    if (!windowNote.isEmpty()) {
      h.append("<p class=\"sub\">");
      esc(h, windowNote);
      h.append("</p>\n");
    }
    h.append("<p class=\"legend\">")
        .append(
            "<span><i class=\"sw\" style=\"background:#a5d6a7;border-color:#2e7d32\"></i>ok</span>")
        .append(
            "<span><i class=\"sw\" style=\"background:#ef9a9a;border-color:#c62828\"></i>fail (ignored)</span>")
        .append(
            "<span><i class=\"sw\" style=\"background:#ffcc80;border-color:#ef6c00;border-style:dashed\"></i>info (open to the end)</span>")
        .append(
            "<span><i class=\"sw\" style=\"background:#fff;border-color:#d50000;border-width:3px\"></i>could not be linearized</span>")
        .append(
            "<span><svg width=\"18\" height=\"14\"><circle cx=\"8\" cy=\"7\" r=\"7\" class=\"badge\"/></svg>position in the partial linearization</span>")
        .append("</p>\n");

    h.append("<div class=\"scroll\"><svg xmlns=\"http://www.w3.org/2000/svg\" width=\"")
        .append(right)
        .append("\" height=\"")
        .append(height)
        .append("\">\n<defs><linearGradient id=\"infofade\" x1=\"0\" x2=\"1\" y1=\"0\" y2=\"0\">")
        .append(
            "<stop offset=\"0\" stop-color=\"#ffcc80\"/><stop offset=\"1\" stop-color=\"#ffcc80\" stop-opacity=\"0.15\"/>")
        .append("</linearGradient></defs>\n");
    // Axis labels.
    h.append("<text x=\"4\" y=\"18\" fill=\"#555\">process</text>");
    h.append("<text x=\"")
        .append(LEFT + 10)
        .append("\" y=\"18\" fill=\"#555\">time → (ordinal; real times in tooltips)</text>\n");
    for (Map.Entry<Long, Integer> e : rows.entrySet()) {
      int y = TOP + ROW * e.getValue();
      if (e.getValue() % 2 == 0) {
        h.append("<rect x=\"0\" y=\"")
            .append(y)
            .append("\" width=\"")
            .append(right)
            .append("\" height=\"")
            .append(ROW)
            .append("\" fill=\"#f6f6f6\"/>");
      }
      h.append("<text x=\"6\" y=\"")
          .append(y + 18)
          .append("\">p")
          .append(e.getKey())
          .append("</text>\n");
    }
    // The blocking op's deadline.
    int bx = x.get(blocking.completeTime());
    h.append("<line x1=\"")
        .append(bx)
        .append("\" x2=\"")
        .append(bx)
        .append("\" y1=\"")
        .append(TOP - 6)
        .append("\" y2=\"")
        .append(height - 10)
        .append("\" stroke=\"#d50000\" stroke-dasharray=\"3 3\"/>\n");
    for (Op op : shown) {
      int y = TOP + ROW * rows.get(op.process()) + 5;
      int x0 = x.get(op.invokeTime());
      int x1 = op.isInfo() || op.completeIndex() < 0 ? right - 10 : x.get(op.completeTime());
      int w = Math.max(6, x1 - x0);
      String cls = op.isOk() ? "ok" : op.isFail() ? "fail" : "info";
      boolean isBlock = op.id() == blocking.id();
      h.append("<g><title>");
      esc(h, m.describeOperation(op));
      h.append("\nprocess ").append(op.process()).append(", index ").append(op.invokeIndex());
      h.append("\ninvoked ").append(op.invokeTime());
      if (op.completeIndex() >= 0) {
        h.append(", completed (").append(op.type().json()).append(") ").append(op.completeTime());
      } else {
        h.append(", never completed");
      }
      Integer ord = order.get(op.id());
      if (ord != null) {
        h.append("\nlinearized #").append(ord).append(", state after: ");
        esc(h, stateAfter.get(op.id()));
      } else if (isBlock) {
        h.append("\nCANNOT BE LINEARIZED after the prefix (state ");
        esc(h, f.stateAtFailure());
        h.append(')');
      } else if (op.isFail()) {
        h.append("\nfailed: ignored by the checker");
      }
      h.append("</title><rect class=\"")
          .append(cls)
          .append(isBlock ? " block" : "")
          .append("\" x=\"")
          .append(x0)
          .append("\" y=\"")
          .append(y)
          .append("\" width=\"")
          .append(w)
          .append("\" height=\"")
          .append(ROW - 10)
          .append("\" rx=\"3\"/>");
      String label = m.describeOperation(op);
      int maxChars = Math.max(0, (w - (ord != null ? 22 : 6)) / 6);
      if (maxChars >= 3) {
        if (label.length() > maxChars) {
          label = label.substring(0, maxChars - 1) + "…";
        }
        h.append("<text x=\"")
            .append(x0 + (ord != null ? 20 : 4))
            .append("\" y=\"")
            .append(y + 13)
            .append("\">");
        esc(h, label);
        h.append("</text>");
      }
      if (ord != null) {
        h.append("<circle class=\"badge\" cx=\"")
            .append(x0 + 9)
            .append("\" cy=\"")
            .append(y + 9)
            .append("\" r=\"8\"/><text class=\"badgetxt\" text-anchor=\"middle\" x=\"")
            .append(x0 + 9)
            .append("\" y=\"")
            .append(y + 12)
            .append("\">")
            .append(ord)
            .append("</text>");
      }
      if (isBlock) {
        h.append("<text x=\"")
            .append(x0 + w + 4)
            .append("\" y=\"")
            .append(y + 13)
            .append("\" fill=\"#d50000\" font-weight=\"bold\">✗</text>");
      }
      h.append("</g>\n");
    }
    h.append("</svg></div>\n");

    // The partial linearization as a table.
    h.append("<h2 style=\"font-size:16px;margin-top:18px\">Longest linearizable prefix</h2>\n");
    List<Op> lin = f.linearized();
    int from = Math.max(0, lin.size() - 200);
    if (from > 0) {
      h.append("<p class=\"sub\">Last 200 of ").append(lin.size()).append(" ops.</p>");
    }
    h.append(
        "<table><tr><th>#</th><th>process</th><th>operation</th><th>index</th><th>state after</th></tr>\n");
    h.append("<tr><td>0</td><td></td><td><i>initial</i></td><td></td><td><code>");
    esc(h, m.describeState(m.init(p.key())));
    h.append("</code></td></tr>\n");
    for (int i = from; i < lin.size(); i++) {
      Op op = lin.get(i);
      h.append("<tr><td>")
          .append(i + 1)
          .append("</td><td>p")
          .append(op.process())
          .append("</td><td><code>");
      esc(h, m.describeOperation(op));
      h.append("</code></td><td>").append(op.invokeIndex()).append("</td><td><code>");
      esc(h, f.statesAfter().get(i));
      h.append("</code></td></tr>\n");
    }
    h.append("<tr class=\"blk\"><td>✗</td><td>p")
        .append(blocking.process())
        .append("</td><td><code>");
    esc(h, m.describeOperation(blocking));
    h.append("</code></td><td>")
        .append(blocking.invokeIndex())
        .append("</td><td>cannot be linearized</td></tr>\n");
    h.append("</table>\n</body></html>\n");
    return h.toString();
  }

  private static void esc(StringBuilder sb, String s) {
    if (s == null) {
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '<':
          sb.append("&lt;");
          break;
        case '>':
          sb.append("&gt;");
          break;
        case '&':
          sb.append("&amp;");
          break;
        case '"':
          sb.append("&quot;");
          break;
        default:
          sb.append(c);
      }
    }
  }
}
