package dev.distlock.bench.checker;

import dev.distlock.checker.Checker;
import dev.distlock.checker.Result;
import dev.distlock.history.EdnHistoryReader;
import dev.distlock.history.History;
import dev.distlock.model.Models;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Locale;

/**
 * Checks EDN histories repeatedly in one JVM and prints each check's time, the side by side of
 * {@code bench/porcupine} (Porcupine on the same files).
 *
 * <p>{@code java -cp <classpath> dev.distlock.bench.checker.WarmCheck MODEL RUNS FILE...}
 */
public final class WarmCheck {
  private WarmCheck() {}

  public static void main(String[] args) throws IOException {
    Checker checker = Checker.of(Models.byName(args[0]));
    int runs = Integer.parseInt(args[1]);
    for (int i = 2; i < args.length; i++) {
      long t0 = System.nanoTime();
      History h = EdnHistoryReader.create().read(Path.of(args[i]));
      StringBuilder sb = new StringBuilder();
      sb.append(String.format(Locale.ROOT, "%s: read %.1f ms, check ms:", args[i], ms(t0)));
      Result r = null;
      for (int k = 0; k < runs; k++) {
        long t = System.nanoTime();
        r = checker.check(h);
        sb.append(String.format(Locale.ROOT, " %.1f", ms(t)));
      }
      System.out.println(sb + " -> " + r.verdict());
    }
  }

  private static double ms(long since) {
    return (System.nanoTime() - since) / 1e6;
  }
}
