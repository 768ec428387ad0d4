package dev.distlock.bench.locks;

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
