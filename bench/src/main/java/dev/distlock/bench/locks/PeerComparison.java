package dev.distlock.bench.locks;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Runs one benchmark's {@code cycle} method for an implementation and its peer in the same run, and
 * prints both with their ratio. Arguments of the mains that use it: {@code [warmupSeconds]
 * [measureSeconds] [iterations] [threads]} (defaults 3 3 3 1).
 */
final class PeerComparison {
  private final int warm;
  private final int measure;
  private final int iterations;
  private final int threads;

  private PeerComparison(String[] args) {
    warm = arg(args, 0, 3);
    measure = arg(args, 1, 3);
    iterations = arg(args, 2, 3);
    threads = arg(args, 3, 1);
  }

  /**
   * Measures {@code bench}'s {@code cycle} with {@code @Param impl} = {@code peer}, then {@code
   * ours}, and prints microseconds per cycle and {@code ours/peer}.
   */
  static void compare(Class<?> bench, String peer, String ours, String[] args)
      throws RunnerException {
    PeerComparison c = new PeerComparison(args);
    double peerUs = c.run(bench, peer);
    double oursUs = c.run(bench, ours);
    System.out.printf("%s/%s = %.2fx%n", ours, peer, oursUs / peerUs);
  }

  /**
   * Measures {@code bench}'s {@code cycle} for each of {@code peers}, then {@code ours}, sampling
   * every cycle's latency, and prints cycles per second and p99 for each and {@code ours/peer}
   * ratios of both.
   */
  static void compareSampled(Class<?> bench, String ours, List<String> peers, String[] args)
      throws RunnerException {
    PeerComparison c = new PeerComparison(args);
    Map<String, double[]> seen = new LinkedHashMap<>();
    for (String impl : peers) {
      seen.put(impl, c.sample(bench, impl));
    }
    double[] mine = c.sample(bench, ours);
    for (Map.Entry<String, double[]> e : seen.entrySet()) {
      System.out.printf(
          "%s/%s: throughput %.2fx, p99 %.2fx (higher throughput and lower p99 are better)%n",
          ours, e.getKey(), e.getValue()[0] / mine[0], mine[1] / e.getValue()[1]);
    }
  }

  /** Mean and p99 microseconds per cycle; prints cycles/s and p99. */
  private double[] sample(Class<?> bench, String impl) throws RunnerException {
    ChainedOptionsBuilder o = options(bench, impl).mode(Mode.SampleTime);
    RunResult r = new Runner(o.build()).run().iterator().next();
    double mean = r.getPrimaryResult().getScore();
    double p99 = r.getPrimaryResult().getStatistics().getPercentile(99);
    System.out.printf(
        "%-9s %9.0f cycles/s (x%d threads)  mean %8.1f us  p99 %8.1f us%n",
        impl, threads * 1e6 / mean, threads, mean, p99);
    return new double[] {mean, p99};
  }

  private ChainedOptionsBuilder options(Class<?> bench, String impl) {
    return new OptionsBuilder()
        .include(bench.getName() + ".cycle")
        .param("impl", impl)
        .threads(threads)
        .timeUnit(TimeUnit.MICROSECONDS)
        .forks(1)
        .jvmArgs("-Xmx256m")
        .warmupIterations(2)
        .warmupTime(TimeValue.seconds(warm))
        .measurementIterations(iterations)
        .measurementTime(TimeValue.seconds(measure));
  }

  private double run(Class<?> bench, String impl) throws RunnerException {
    ChainedOptionsBuilder o =
        new OptionsBuilder()
            .include(bench.getName() + ".cycle")
            .param("impl", impl)
            .threads(threads)
            .mode(Mode.AverageTime)
            .forks(1)
            .jvmArgs("-Xmx256m")
            .warmupIterations(2)
            .warmupTime(TimeValue.seconds(warm))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(measure));
    RunResult r = new Runner(o.build()).run().iterator().next();
    double us = r.getPrimaryResult().getScore();
    System.out.printf(
        "%-8s %8.1f us/cycle (± %.1f)%n", impl, us, r.getPrimaryResult().getScoreError());
    return us;
  }

  private static int arg(String[] args, int i, int dflt) {
    return args.length > i ? Integer.parseInt(args[i]) : dflt;
  }
}
