package dev.distlock.cli;

import dev.distlock.checker.BadOperationException;
import dev.distlock.checker.Checker;
import dev.distlock.checker.Result;
import dev.distlock.checker.Verdict;
import dev.distlock.history.EdnHistoryReader;
import dev.distlock.history.History;
import dev.distlock.history.HistoryFormatException;
import dev.distlock.history.HistoryReader;
import dev.distlock.history.Values;
import dev.distlock.model.Model;
import dev.distlock.model.Models;
import dev.distlock.timeline.Timeline;
import java.io.BufferedInputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The checker command line:
 *
 * <pre>
 * java -jar distlock-checker.jar (--model NAME | --model-class CLASS) [--model-path JARS]
 *     [--format jsonl|edn] [--independent] [--timeout 60s] [--all-keys] [--memory SIZE]
 *     [--html OUT_DIR] [--initial N] [--threads N] HISTORY
 * </pre>
 *
 * Prints one JSON verdict line on standard output and exits 0 (valid), 1 (invalid) or 2 (unknown,
 * bad input or bad usage); a readable summary goes to standard error. {@code -} reads the history
 * from standard input.
 */
public final class Main {
  static final int VALID = 0;
  static final int INVALID = 1;
  static final int OTHER = 2;

  private static final String USAGE =
      "usage: java -jar distlock-checker.jar (--model NAME | --model-class CLASS) [options] HISTORY\n"
          + "  --model NAME       a shipped model ("
          + String.join(", ", Models.names())
          + ")\n"
          + "                     or one registered on the class path (META-INF/services)\n"
          + "  --model-class C    a Model class with a public no-argument constructor\n"
          + "  --model-path P     jars/directories to load models from (separated by '"
          + File.pathSeparator
          + "')\n"
          + "  --list-models      print the models found and exit\n"
          + "  --format F         jsonl or edn (default: by file name, else by content)\n"
          + "  --independent      EDN values are Jepsen independent tuples [key value]\n"
          + "  --timeout D        deadline, e.g. 500ms, 10s, 2m (default "
          + Checker.DEFAULT_TIMEOUT.toSeconds()
          + "s; 0 = none)\n"
          + "  --all-keys         decide every key (default: stop at the first invalid key)\n"
          + "  --memory SIZE      memory budget, e.g. 512m, 4g (default: 3/4 of the free heap)\n"
          + "  --html DIR         write a timeline per invalid key into DIR\n"
          + "  --initial N        initial value (counter: default 0; cas-register: default null)\n"
          + "  --threads N        keys checked in parallel (default: number of cores)\n"
          + "  HISTORY            JSON-lines or EDN history, or - for standard input\n"
          + "Prints one JSON verdict line; exit 0 valid, 1 invalid, 2 unknown or bad input.\n";

  private Main() {}

  /** Entry point. */
  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  /** The parsed command line. */
  private static final class Options {
    String modelName;
    String modelClass;
    List<Path> modelPath = new ArrayList<>();
    boolean listModels;
    String format;
    boolean independent;
    Duration timeout = Checker.DEFAULT_TIMEOUT;
    boolean allKeys;
    long memory;
    Path html;
    String file;
    Integer threads;
    Map<String, String> modelOptions = new HashMap<>();
  }

  private static Options parse(String[] args) {
    Options o = new Options();
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      switch (a) {
        case "--model" -> o.modelName = value(args, ++i, a);
        case "--model-class" -> o.modelClass = value(args, ++i, a);
        case "--model-path" -> o.modelPath.addAll(ModelLoader.split(value(args, ++i, a)));
        case "--list-models" -> o.listModels = true;
        case "--format" -> {
          o.format = value(args, ++i, a);
          if (!o.format.equals("jsonl") && !o.format.equals("edn")) {
            throw new IllegalArgumentException("--format must be jsonl or edn");
          }
        }
        case "--independent" -> o.independent = true;
        case "--timeout" -> o.timeout = parseDuration(value(args, ++i, a));
        case "--all-keys" -> o.allKeys = true;
        case "--memory" -> o.memory = parseSize(value(args, ++i, a));
        case "--html" -> o.html = Path.of(value(args, ++i, a));
        case "--initial" -> o.modelOptions.put("initial", value(args, ++i, a));
        case "--threads" -> {
          try {
            o.threads = Integer.parseInt(value(args, ++i, a));
          } catch (NumberFormatException e) {
            throw new IllegalArgumentException("--threads must be an integer");
          }
          if (o.threads < 1) {
            throw new IllegalArgumentException("--threads must be >= 1");
          }
        }
        default -> {
          if (a.startsWith("--") && a.length() > 2) {
            throw new IllegalArgumentException("unknown option " + a);
          }
          if (o.file != null) {
            throw new IllegalArgumentException("more than one history file given");
          }
          o.file = a;
        }
      }
    }
    if (o.listModels) {
      return o;
    }
    if ((o.modelName == null) == (o.modelClass == null)) {
      throw new IllegalArgumentException("give one of --model and --model-class");
    }
    if (o.file == null) {
      throw new IllegalArgumentException("no history file given");
    }
    return o;
  }

  /** Runs the command; returns the exit code. */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    if (Arrays.asList(args).contains("-h") || Arrays.asList(args).contains("--help")) {
      out.print(USAGE);
      return OTHER;
    }
    Options o;
    Model<?> model;
    try {
      o = parse(args);
      ModelLoader loader = new ModelLoader(o.modelPath);
      if (o.listModels) {
        loader.names().forEach(out::println);
        return VALID;
      }
      if (o.modelClass != null && !o.modelOptions.isEmpty()) {
        throw new IllegalArgumentException("--initial applies to shipped models only");
      }
      model =
          o.modelClass != null
              ? loader.byClass(o.modelClass)
              : loader.byName(o.modelName, o.modelOptions);
    } catch (IllegalArgumentException e) {
      err.println("error: " + e.getMessage());
      err.print(USAGE);
      out.println(errorJson("usage", e.getMessage(), -1));
      return OTHER;
    }

    boolean timing = System.getenv("DISTLOCK_CHECKER_TIMING") != null;
    long t0 = System.nanoTime();
    History history;
    try {
      history = read(o);
    } catch (HistoryFormatException e) {
      err.println(o.file + ":" + e.line() + ": " + e.reason());
      out.println(errorJson("bad-history", e.reason(), e.line()));
      return OTHER;
    } catch (NoSuchFileException e) {
      err.println("error: no such file: " + o.file);
      out.println(errorJson("io", "no such file: " + o.file, -1));
      return OTHER;
    } catch (IOException e) {
      err.println("error: cannot read " + o.file + ": " + e);
      out.println(errorJson("io", e.toString(), -1));
      return OTHER;
    }

    long t1 = System.nanoTime();
    Checker checker =
        Checker.of(model).withTimeout(o.timeout).withAllKeys(o.allKeys).withMemoryLimit(o.memory);
    if (o.threads != null) {
      checker = checker.withParallelism(o.threads);
    }
    Result result;
    try {
      result = checker.check(history);
    } catch (BadOperationException e) {
      err.println(o.file + ": " + e.getMessage());
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
    if (o.html != null && result.verdict() == Verdict.INVALID) {
      try {
        Timeline.writeAll(o.html, model, history, result)
            .forEach((k, p) -> timelines.put(k, p.toString()));
      } catch (IOException e) {
        err.println("warning: could not write timelines to " + o.html + ": " + e);
      }
    }
    out.println(result.toJson(timelines));
    err.print(Summary.of(model, result, timelines));
    switch (result.verdict()) {
      case VALID:
        return VALID;
      case INVALID:
        return INVALID;
      default:
        return OTHER;
    }
  }

  private static History read(Options o) throws IOException {
    InputStream raw = o.file.equals("-") ? System.in : Files.newInputStream(Path.of(o.file));
    try (BufferedInputStream in = new BufferedInputStream(raw, 1 << 16)) {
      String format = o.format;
      if (format == null) {
        String name = o.file.toLowerCase(Locale.ROOT);
        if (name.endsWith(".edn")) {
          format = "edn";
        } else if (name.endsWith(".jsonl") || name.endsWith(".json")) {
          format = "jsonl";
        } else {
          in.mark(4096);
          byte[] head = in.readNBytes(4096);
          in.reset();
          format =
              EdnHistoryReader.looksLikeEdn(new String(head, StandardCharsets.UTF_8))
                  ? "edn"
                  : "jsonl";
        }
      }
      if (format.equals("edn")) {
        return EdnHistoryReader.create().independentKeys(o.independent).read(in);
      }
      try (HistoryReader r = HistoryReader.open(in)) {
        return r.readAll();
      }
    }
  }

  /** Parses {@code 512m}, {@code 4g}, {@code 100k} or a number of bytes. */
  static long parseSize(String s) {
    String t = s.trim().toLowerCase(Locale.ROOT);
    long mult = 1;
    if (t.endsWith("k") || t.endsWith("m") || t.endsWith("g")) {
      char u = t.charAt(t.length() - 1);
      mult = u == 'k' ? 1L << 10 : u == 'm' ? 1L << 20 : 1L << 30;
      t = t.substring(0, t.length() - 1);
    }
    try {
      long v = Long.parseLong(t);
      if (v <= 0) {
        throw new NumberFormatException();
      }
      return Math.multiplyExact(v, mult);
    } catch (NumberFormatException | ArithmeticException e) {
      throw new IllegalArgumentException("bad size \"" + s + "\" (e.g. 512m, 4g)");
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
