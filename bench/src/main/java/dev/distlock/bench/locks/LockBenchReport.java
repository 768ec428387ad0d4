package dev.distlock.bench.locks;

import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.Options;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs {@link SingleRedisBench} in three shapes (1 thread distinct keys, 8 threads distinct keys, 8
 * threads one hot key), throughput and sample-time modes, and prints cycles/s, p99 and the ratios
 * against Redisson and the bare floor measured in the same run.
 *
 * <p>Arguments: {@code [warmupSeconds] [measureSeconds] [iterations] [shapeFilter]} (defaults 3 3
 * 3, all shapes; a filter such as {@code hot} keeps the shapes whose label contains it).
 */
public final class LockBenchReport {
  private LockBenchReport() {}

  record Shape(String label, int threads, boolean hot) {}

  record Figure(double opsPerSec, double p99Millis) {}

  public static void main(String[] args) throws RunnerException {
    int warm = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int measure = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    Shape[] shapes = {
      new Shape("1 thread, own key", 1, false),
      new Shape("8 threads, own keys", 8, false),
      new Shape("8 threads, one hot key", 8, true)
    };
    String filter = args.length > 3 ? args[3] : "";
    Map<String, Map<String, Figure>> table = new LinkedHashMap<>();
    for (Shape shape : shapes) {
      if (!shape.label.contains(filter)) {
        continue;
      }
      Map<String, Figure> row = new LinkedHashMap<>();
      for (String impl : new String[] {"distlock", "redisson", "bare"}) {
        double ops = run(shape, impl, Mode.Throughput, warm, measure, iterations);
        double p99 = run(shape, impl, Mode.SampleTime, warm, measure, iterations);
        row.put(impl, new Figure(ops, p99));
        System.out.printf(
            "%-24s %-9s %10.0f cycles/s  p99 %7.2f ms%n", shape.label, impl, ops, p99);
      }
      table.put(shape.label, row);
    }
    System.out.println();
    System.out.println(
        "| shape | distlock cycles/s | Redisson | bare | distlock/Redisson | distlock/bare | p99"
            + " distlock | p99 Redisson |");
    System.out.println("|---|---|---|---|---|---|---|---|");
    table.forEach(
        (label, row) -> {
          Figure d = row.get("distlock");
          Figure r = row.get("redisson");
          Figure b = row.get("bare");
          System.out.printf(
              "| %s | %.0f | %.0f | %.0f | %.2fx | %.2f | %.2f ms | %.2f ms |%n",
              label,
              d.opsPerSec,
              r.opsPerSec,
              b.opsPerSec,
              d.opsPerSec / r.opsPerSec,
              d.opsPerSec / b.opsPerSec,
              d.p99Millis,
              r.p99Millis);
        });
  }

  private static double run(
      Shape shape, String impl, Mode mode, int warm, int measure, int iterations)
      throws RunnerException {
    Options opts =
        new OptionsBuilder()
            .include(SingleRedisBench.class.getName() + ".cycle")
            .param("impl", impl)
            .param("hot", Boolean.toString(shape.hot))
            .threads(shape.threads)
            .mode(mode)
            .timeUnit(mode == Mode.Throughput ? TimeUnit.SECONDS : TimeUnit.MILLISECONDS)
            .forks(1)
            .jvmArgs("-Xmx512m")
            .warmupIterations(2)
            .warmupTime(TimeValue.seconds(warm))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(measure))
            .build();
    Collection<RunResult> results = new Runner(opts).run();
    RunResult r = results.iterator().next();
    return mode == Mode.Throughput
        ? r.getPrimaryResult().getScore()
        : r.getPrimaryResult().getStatistics().getPercentile(99);
  }
}
