package dev.distlock.bench.checker;

import dev.distlock.checker.Checker;
import dev.distlock.checker.Result;
import dev.distlock.checker.Verdict;
import dev.distlock.history.History;
import dev.distlock.history.HistoryReader;
import dev.distlock.history.HistoryWriter;
import dev.distlock.history.gen.RegisterHistories;
import dev.distlock.history.gen.RegisterHistories.Shape;
import dev.distlock.model.CasRegister;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The checker on the history shapes Porcupine is measured on (cas-register, seeded, valid):
 *
 * <ul>
 *   <li>{@link #partitioned}: ~100,000 ops over 1,000 keys, 5 processes per key, ~5% info ops,
 *       crashed processes replaced (Porcupine: ~135 ms);
 *   <li>{@link #singleKey}: ~10,000 ops on one key, 5 processes (Porcupine: ~30 ms);
 *   <li>{@link #jepsen}: 100 histories of ~85 ops with many crashed ops, time per history
 *       (Porcupine: a few ms each, worst ~170 ms; see {@link JepsenWorstCase} for the worst);
 *   <li>{@link #readAndCheckPartitioned}: parsing the 100,000-op history's JSON lines plus checking
 *       it.
 * </ul>
 *
 * Run: {@code java -jar bench/target/benchmarks.jar CheckerBench -f 1 -wi 3 -i 5}, or without the
 * shaded jar: {@code java -cp <classpath> org.openjdk.jmh.Main CheckerBench -f 1 -wi 3 -i 5}.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Fork(1)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
public class CheckerBench {
  private final Checker checker = Checker.of(new CasRegister()).withTimeout(Duration.ofSeconds(60));
  private History partitioned;
  private History singleKey;
  private final List<History> jepsen = new ArrayList<>();
  private byte[] partitionedJson;

  @Setup
  public void setup() throws IOException {
    partitioned = RegisterHistories.generate(Shape.partitioned(), 1);
    singleKey = RegisterHistories.generate(Shape.singleKey(), 1);
    for (int i = 0; i < 100; i++) {
      jepsen.add(RegisterHistories.generate(Shape.jepsen(), 1000 + i));
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (HistoryWriter w = HistoryWriter.to(bytes)) {
      for (var e : partitioned.events()) {
        w.write(e);
      }
    }
    partitionedJson = bytes.toByteArray();
    for (History h : List.of(partitioned, singleKey)) {
      expectValid(checker.check(h));
    }
    for (History h : jepsen) {
      expectValid(checker.check(h));
    }
  }

  private static void expectValid(Result r) {
    if (r.verdict() != Verdict.VALID) {
      throw new IllegalStateException("generated history not valid: " + r.toJson());
    }
  }

  @Benchmark
  public Result partitioned() {
    return checker.check(partitioned);
  }

  @Benchmark
  public Result singleKey() {
    return checker.check(singleKey);
  }

  @Benchmark
  @OperationsPerInvocation(100)
  public int jepsen() {
    int valid = 0;
    for (History h : jepsen) {
      if (checker.check(h).verdict() == Verdict.VALID) {
        valid++;
      }
    }
    return valid;
  }

  @Benchmark
  public Result readAndCheckPartitioned() throws IOException {
    try (HistoryReader r = HistoryReader.open(new ByteArrayInputStream(partitionedJson))) {
      return checker.check(r.readAll());
    }
  }
}
