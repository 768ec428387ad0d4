package dev.distlock.cli;

import dev.distlock.checker.BadOperationException;
import dev.distlock.checker.Checker;
import dev.distlock.checker.Result;
import dev.distlock.checker.Verdict;
import dev.distlock.history.History;
import dev.distlock.history.HistoryFormatException;
import dev.distlock.history.HistoryReader;
import dev.distlock.history.Values;
import dev.distlock.model.Model;
import dev.distlock.model.Models;
import dev.distlock.timeline.Timeline;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The checker command line:
 *
 * <pre>
 * java -jar distlock-checker.jar --model NAME [--timeout 10s] [--html OUT_DIR] [--initial N]
 *     [--threads N] HISTORY.jsonl
 * </pre>
 *
 * Prints one JSON verdict line on standard output and exits 0 (valid), 1 (invalid) or 2 (unknown,
 * bad input or bad usage). {@code -} reads the history from standard input.
 */
public final class Main {
  static final int VALID = 0;
  static final int INVALID = 1;
  static final int OTHER = 2;

  private static final String USAGE =
      "usage: java -jar distlock-checker.jar --model NAME [--timeout 10s] [--html OUT_DIR]\n"
          + "           [--initial N] [--threads N] HISTORY.jsonl\n"
          + "  --model NAME     one of: "
          + String.join(", ", Models.names())
          + "\n"
          + "  --timeout D      deadline for the search, e.g. 500ms, 10s, 2m (default 10s; 0 = none)\n"
          + "  --html DIR       write a timeline per invalid key into DIR\n"
          + "  --initial N      initial value (counter: default 0; cas-register: default null)\n"
          + "  --threads N      partitions checked in parallel (default: number of cores)\n"
          + "  HISTORY.jsonl    JSON-lines history, or - for standard input\n"
          + "Prints one JSON verdict line; exit 0 valid, 1 invalid, 2 unknown or bad input.\n";

  private Main() {}

  /** Entry point. */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String modelName = null;
    Duration timeout = Duration.ofSeconds(10);
    Path html = null;
    String file = null;
    Integer threads = null;
    Map<String, String> options = new HashMap<>();
    try {
      for (int i = 0; i < args.length; i++) {
        String a = args[i];
        switch (a) {
          case "--model":
            modelName = value(args, ++i, a);
            break;
          case "--timeout":
            timeout = parseDuration(value(args, ++i, a));
            break;
          case "--html":
            html = Path.of(value(args, ++i, a));
            break;
          case "--initial":
            options.put("initial", value(args, ++i, a));
            break;
          case "--threads":
            threads = Integer.parseInt(value(args, ++i, a));
            if (threads < 1) {
              throw new IllegalArgumentException("--threads must be >= 1");
            }
            break;
          case "-h":
          case "--help":
            out.print(USAGE);
            return OTHER;
          default:
            if (a.startsWith("--") && a.length() > 2) {
              throw new IllegalArgumentException("unknown option " + a);
            }
            if (file != null) {
              throw new IllegalArgumentException("more than one history file given");
            }
            file = a;
        }
      }
      if (modelName == null) {
        throw new IllegalArgumentException("--model is required");
      }
      if (file == null) {
        throw new IllegalArgumentException("no history file given");
      }
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE);
      out.println(errorJson("usage", e.getMessage(), -1));
      return OTHER;
    }

    Model<?> model;
    try {
      model = Models.byName(modelName, options);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      out.println(errorJson("usage", e.getMessage(), -1));
      return OTHER;
    }

    boolean timing = System.getenv("DISTLOCK_CHECKER_TIMING") != null;
    long t0 = System.nanoTime();
    History history;
    try {
      history = read(file);
    } catch (HistoryFormatException e) {
      err.println(file + ":" + e.line() + ": " + e.reason());
      out.println(errorJson("bad-history", e.reason(), e.line()));
      return OTHER;
    } catch (NoSuchFileException e) {
      err.println("error: no such file: " + file);
      out.println(errorJson("io", "no such file: " + file, -1));
      return OTHER;
    } catch (IOException e) {
      err.println("error: cannot read " + file + ": " + e);
      out.println(errorJson("io", e.toString(), -1));
      return OTHER;
    }

    long t1 = System.nanoTime();
    Checker checker = Checker.of(model).withTimeout(timeout);
    if (threads != null) {
      checker = checker.withParallelism(threads);
    }
    Result result;
    try {
      result = checker.check(history);
    } catch (BadOperationException e) {
      err.println(file + ": " + e.getMessage());
      out.println(errorJson("bad-history", e.getMessage(), -1));
      return OTHER;
    }

    long t2 = System.nanoTime();
    if (timing) {
      err.printf(
          "timing: jvm-start-to-main %d ms, read %d ms, check %d ms%n",
          java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime()
              - (t2 - t0) / 1_000_000,
          (t1 - t0) / 1_000_000,
          (t2 - t1) / 1_000_000);
    }
    Map<String, String> timelines = new LinkedHashMap<>();
    if (html != null && result.verdict() == Verdict.INVALID) {
      try {
        Timeline.writeAll(html, model, history, result)
            .forEach((k, p) -> timelines.put(k, p.toString()));
      } catch (IOException e) {
        err.println("warning: could not write timelines to " + html + ": " + e);
      }
    }
    out.println(result.toJson(timelines));
    switch (result.verdict()) {
      case VALID:
        return VALID;
      case INVALID:
        return INVALID;
      default:
        return OTHER;
    }
  }

  private static History read(String file) throws IOException {
    if (file.equals("-")) {
      try (HistoryReader r = HistoryReader.open(System.in)) {
        return r.readAll();
      }
    }
    Path p = Path.of(file);
    try (InputStream in = Files.newInputStream(p);
        HistoryReader r = HistoryReader.open(in)) {
      return r.readAll();
    }
  }

  private static String value(String[] args, int i, String opt) {
    if (i >= args.length) {
      throw new IllegalArgumentException(opt + " needs a value");
    }
    return args[i];
  }

  /**
   * Parses {@code 500ms}, {@code 10s}, {@code 1.5s}, {@code 2m}, {@code 1h}; a bare number is
   * seconds.
   */
  static Duration parseDuration(String s) {
    String t = s.trim().toLowerCase(java.util.Locale.ROOT);
    double mult;
    String num;
    if (t.endsWith("ms")) {
      mult = 1e6;
      num = t.substring(0, t.length() - 2);
    } else if (t.endsWith("s")) {
      mult = 1e9;
      num = t.substring(0, t.length() - 1);
    } else if (t.endsWith("m")) {
      mult = 60e9;
      num = t.substring(0, t.length() - 1);
    } else if (t.endsWith("h")) {
      mult = 3600e9;
      num = t.substring(0, t.length() - 1);
    } else {
      mult = 1e9;
      num = t;
    }
    try {
      double v = Double.parseDouble(num);
      if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return Duration.ofNanos((long) (v * mult));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("bad duration \"" + s + "\" (e.g. 500ms, 10s, 2m)");
    }
  }

  private static String errorJson(String kind, String message, long line) {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"valid\":\"unknown\",\"error\":");
    Values.appendJsonString(sb, kind);
    sb.append(",\"message\":");
    Values.appendJsonString(sb, message == null ? "" : message);
    if (line > 0) {
      sb.append(",\"line\":").append(line);
    }
    sb.append('}');
    return sb.toString();
  }
}
