package dev.distlock.tla;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.regex.Pattern;

/**
 * Checks every TLC configuration against its expected outcome and prints one line per
 * configuration; exits with 1 if any outcome differs from its expectation, 2 on bad arguments.
 *
 * <p>Arguments ({@code --name=value}): {@code --specs} directory of the {@code .tla} and {@code
 * .cfg} files; {@code --out} work directory (one sub-directory per configuration); {@code --traces}
 * directory of the committed counterexamples; {@code --timeout} seconds per configuration; {@code
 * --heap} TLC's {@code -Xmx}; {@code --workers} TLC workers per run; {@code --parallel} runs at
 * once; {@code --only} a regular expression selecting configurations by name (empty: all); {@code
 * --update-traces} {@code true} to rewrite the committed counterexamples instead of checking them.
 */
public final class TlcRunner {

  /** The outcome of one configuration. */
  record Report(CheckConfig config, TlcResult result, List<String> problems) {
    boolean ok() {
      return problems.isEmpty();
    }

    String line() {
      TlcResult r = result;
      return String.format(
          Locale.ROOT,
          "[tla] %-4s %-58s expected %-27s got %-27s %,10d states  depth %3d  %6.1f s%s",
          ok() ? "OK" : "FAIL",
          config.name(),
          config.expectation(),
          r.describe(),
          r.distinctStates(),
          r.depth(),
          r.elapsed().toMillis() / 1000.0,
          ok() ? "" : "\n       " + String.join("\n       ", problems));
    }
  }

  private final Map<String, String> options;

  private TlcRunner(Map<String, String> options) {
    this.options = options;
  }

  public static void main(String[] args) {
    Map<String, String> options;
    try {
      options = parseOptions(args);
    } catch (IllegalArgumentException e) {
      usage(e.getMessage());
      return;
    }
    System.exit(new TlcRunner(options).run() ? 0 : 1);
  }

  /**
   * Reads {@code --name=value} arguments (one argument each, so that an empty value survives the
   * trip through Maven).
   *
   * @throws IllegalArgumentException on an argument of another shape
   */
  static Map<String, String> parseOptions(String[] args) {
    Map<String, String> options = new HashMap<>();
    for (String arg : args) {
      int eq = arg.indexOf('=');
      if (!arg.startsWith("--") || eq < 3) {
        throw new IllegalArgumentException("expected --name=value, got " + arg);
      }
      options.put(arg.substring(2, eq), arg.substring(eq + 1));
    }
    return options;
  }

  private static void usage(String problem) {
    System.err.println("TlcRunner: " + problem);
    System.err.println(
        "usage: TlcRunner --specs=DIR --out=DIR --traces=DIR [--timeout=SECONDS] [--heap=1g]"
            + " [--workers=1] [--parallel=1] [--only=REGEX] [--update-traces=true|false]");
    System.exit(2);
  }

  private String option(String name, String fallback) {
    String value = options.getOrDefault(name, fallback);
    if (value == null) {
      usage("--" + name + " is required");
    }
    return value.strip();
  }

  private boolean run() {
    Path specs = Path.of(option("specs", null));
    Path out = Path.of(option("out", null));
    Path traces = Path.of(option("traces", null));
    boolean updateTraces = Boolean.parseBoolean(option("update-traces", "false"));
    String only = option("only", "");
    int parallel = Integer.parseInt(option("parallel", "1"));
    TlcProcess tlc =
        new TlcProcess(
            new TlcProcess.Settings(
                Path.of(System.getProperty("java.home"), "bin", "java"),
                System.getProperty("java.class.path"),
                option("heap", "1g"),
                Integer.parseInt(option("workers", "1")),
                Duration.ofSeconds(Long.parseLong(option("timeout", "180")))));

    List<CheckConfig> configs = CheckConfig.discover(specs);
    if (!only.isEmpty()) {
      Pattern selected = Pattern.compile(only);
      configs = configs.stream().filter(c -> selected.matcher(c.name()).find()).toList();
    }
    if (configs.isEmpty()) {
      System.out.println("[tla] FAIL no configurations found in " + specs);
      return false;
    }
    System.out.printf(
        Locale.ROOT,
        "[tla] checking %d configurations, %d at a time, time limit %s s each%n",
        configs.size(),
        parallel,
        option("timeout", "180"));

    long start = System.nanoTime();
    List<Report> reports = new ArrayList<>();
    ExecutorService pool = Executors.newFixedThreadPool(parallel);
    try {
      List<Future<Report>> futures = new ArrayList<>();
      for (CheckConfig config : configs) {
        futures.add(
            pool.submit(
                () -> {
                  Report report = check(tlc, config, specs, out, traces, updateTraces);
                  System.out.println(report.line());
                  return report;
                }));
      }
      for (Future<Report> f : futures) {
        reports.add(f.get());
      }
    } catch (ExecutionException e) {
      throw new IllegalStateException("a TLC run failed to start or finish", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } finally {
      pool.shutdownNow();
    }
    boolean ok = summarize(reports, out, Duration.ofNanos(System.nanoTime() - start));
    if (only.isEmpty()) {
      List<String> orphans = TraceDoc.orphans(traces, configs);
      if (!orphans.isEmpty()) {
        System.out.println(
            "[tla] FAIL counterexamples in "
                + traces
                + " for no violating configuration (renamed or removed?): "
                + String.join(", ", orphans));
        ok = false;
      }
    }
    return ok;
  }

  private static Report check(
      TlcProcess tlc, CheckConfig config, Path specs, Path out, Path traces, boolean updateTraces) {
    TlcResult result = tlc.run(config, specs, out.resolve(config.name()));
    List<String> problems = new ArrayList<>();
    config.mismatch(result).ifPresent(problems::add);
    if (problems.isEmpty() && result.trace().isPresent()) {
      TraceDoc doc = new TraceDoc(traces, config);
      if (updateTraces) {
        doc.update(
            result.trace().get(),
            config.name()
                + ": "
                + config.module()
                + "!"
                + config.violated().orElse("?")
                + " is violated.");
      } else {
        doc.check(result.trace().get()).ifPresent(problems::add);
      }
    }
    return new Report(config, result, problems);
  }

  private static boolean summarize(List<Report> reports, Path out, Duration total) {
    List<Report> sorted =
        reports.stream().sorted(Comparator.comparing(r -> r.config().name())).toList();
    long failed = sorted.stream().filter(r -> !r.ok()).count();
    long states = sorted.stream().mapToLong(r -> Math.max(0, r.result().distinctStates())).sum();
    StringBuilder summary = new StringBuilder();
    for (Report r : sorted) {
      summary.append(r.line()).append('\n');
    }
    summary.append(
        String.format(
            Locale.ROOT,
            "[tla] %d configurations: %d as expected, %d not; %,d distinct states; %.1f s%n",
            sorted.size(),
            sorted.size() - failed,
            failed,
            states,
            total.toMillis() / 1000.0));
    System.out.println(
        "[tla] summary (TLC output of each run: " + out + "/<configuration>/tlc.out)");
    System.out.print(summary);
    try {
      Files.createDirectories(out);
      Files.writeString(out.resolve("summary.txt"), summary.toString(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write the summary", e);
    }
    return failed == 0;
  }
}
