package dev.distlock.bench.checker;

import dev.distlock.checker.Checker;
import dev.distlock.checker.Result;
import dev.distlock.history.History;
import dev.distlock.history.gen.RegisterHistories;
import dev.distlock.history.gen.RegisterHistories.Shape;
import dev.distlock.model.CasRegister;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Per-history times on Jepsen-style histories (~85 ops, many crashed ops): median, 99th percentile
 * and worst, after a warm-up pass. Porcupine: a few ms each, worst ~170 ms.
 *
 * <p>{@code java -cp <classpath> dev.distlock.bench.checker.JepsenWorstCase [COUNT]}
 */
public final class JepsenWorstCase {
  private JepsenWorstCase() {}

  public static void main(String[] args) {
    int count = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    Checker checker = Checker.of(new CasRegister()).withTimeout(Duration.ofSeconds(60));
    List<History> hs = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      hs.add(RegisterHistories.generate(Shape.jepsen(), 1000 + i));
    }
    for (int pass = 0; pass < 3; pass++) {
      for (History h : hs) {
        checker.check(h);
      }
    }
    long[] times = new long[count];
    int invalid = 0;
    for (int i = 0; i < count; i++) {
      long t0 = System.nanoTime();
      Result r = checker.check(hs.get(i));
      times[i] = System.nanoTime() - t0;
      if (!r.isValid()) {
        invalid++;
      }
    }
    Arrays.sort(times);
    System.out.printf(
        "%d histories (%d not valid): median %.3f ms, p99 %.3f ms, worst %.3f ms%n",
        count,
        invalid,
        times[count / 2] / 1e6,
        times[(int) (count * 0.99)] / 1e6,
        times[count - 1] / 1e6);
  }
}
