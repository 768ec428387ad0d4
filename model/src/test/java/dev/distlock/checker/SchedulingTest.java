package dev.distlock.checker;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.history.Event;
import dev.distlock.history.EventType;
import dev.distlock.history.History;
import dev.distlock.history.Op;
import dev.distlock.history.gen.RegisterHistories;
import dev.distlock.history.gen.RegisterHistories.Shape;
import dev.distlock.model.CasRegister;
import dev.distlock.model.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** Issue 17: first violation wins without starving easy keys; cancellation; memory reasons. */
class SchedulingTest {
  /**
   * Two keys that cannot be decided in a minute (a bad read at the very end of 3,000 ops makes the
   * search backtrack through everything) and one larger key whose violation is at its start.
   * Smallest-first without time slicing would sit on the hard keys until the deadline.
   */
  static History easyInvalidBesideIntractable() {
    List<Event> all = new ArrayList<>();
    all.addAll(key("hard1", 0, RegisterHistories.generate(new Shape(1, 5, 3000, 0.01, 5), 3)));
    all.addAll(key("hard2", 1000, RegisterHistories.generate(new Shape(1, 5, 3000, 0.01, 5), 4)));
    all.addAll(key("easy", 2000, RegisterHistories.generate(new Shape(1, 5, 4000, 0.01, 5), 5)));
    long end = all.stream().mapToLong(Event::time).max().orElse(0);
    all.addAll(badRead("hard1", 1999, end + 1));
    all.addAll(badRead("hard2", 1998, end + 1));
    all.addAll(badRead("easy", 2999, -10));
    all.sort(Comparator.comparingLong(Event::time));
    return History.of(all);
  }

  private static List<Event> key(String key, long processOffset, History h) {
    List<Event> out = new ArrayList<>();
    for (Event e : h.events()) {
      out.add(new Event(0, e.process() + processOffset, e.type(), e.f(), key, e.value(), e.time()));
    }
    return out;
  }

  private static List<Event> badRead(String key, long process, long t) {
    return List.of(
        new Event(0, process, EventType.INVOKE, "read", key, null, t),
        new Event(0, process, EventType.OK, "read", key, 77L, t + 1));
  }

  @Test
  void easyInvalidKeyIsFoundQuicklyBesideKeysThatCannotBeDecided() {
    History h = easyInvalidBesideIntractable();
    for (int threads : new int[] {1, 2}) {
      long t0 = System.nanoTime();
      Result r =
          Checker.of(new CasRegister())
              .withParallelism(threads)
              .withTimeout(Duration.ofSeconds(60))
              .check(h);
      long ms = (System.nanoTime() - t0) / 1_000_000;
      assertThat(r.verdict()).as("%s", r).isEqualTo(Verdict.INVALID);
      assertThat(r.invalid()).extracting(PartitionResult::key).containsExactly("easy");
      assertThat(r.unknown()).extracting(PartitionResult::reason).containsOnly("stopped");
      assertThat(ms).as("%d threads: %s", threads, r).isLessThan(10_000);
      assertThat(r.toJson()).contains("\"invalid_partitions\":1,\"unknown_partitions\":2");
    }
  }

  @Test
  void allKeysDecidesEveryKeyItCan() {
    Result r =
        Checker.of(new CasRegister())
            .withAllKeys(true)
            .withTimeout(Duration.ofMillis(1500))
            .check(easyInvalidBesideIntractable());
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.unknown()).extracting(PartitionResult::reason).containsOnly("timeout");
    assertThat(r.unknown()).extracting(PartitionResult::key).containsExactly("hard1", "hard2");
  }

  @Test
  void keysNotReachedAreReportedAsNotStarted() {
    List<Event> all = new ArrayList<>(badRead("a", 1, 0));
    for (int k = 0; k < 5; k++) {
      all.add(new Event(0, 10 + k, EventType.INVOKE, "write", "w" + k, 1L, 5 + k));
      all.add(new Event(0, 10 + k, EventType.OK, "write", "w" + k, null, 20 + k));
    }
    all.sort(Comparator.comparingLong(Event::time));
    Result r = Checker.of(new CasRegister()).withParallelism(1).check(History.of(all));
    // Smallest first: "a" (1 op) is decided invalid before any of the others starts.
    assertThat(r.counts()).containsExactly(0, 1, 0, 5);
    assertThat(r.toJson()).contains("\"not_started_partitions\":5");
  }

  /** Counts steps, so a test knows the search is running. */
  static final class Counting implements Model<Object> {
    final CasRegister inner = new CasRegister();
    final AtomicLong steps = new AtomicLong();

    @Override
    public Object init() {
      return inner.init();
    }

    @Override
    public Object step(Object s, Op op) {
      steps.incrementAndGet();
      return inner.step(s, op);
    }

    @Override
    public boolean dependsOnProcess() {
      return false;
    }
  }

  @Test
  void cancelHandleStopsEverySearchIncludingTheCallersWithinMilliseconds() throws Exception {
    History h = easyInvalidBesideIntractable();
    // Two intractable keys, two threads: one search runs on the calling thread.
    History hard = History.of(removeKey(h, "easy"));
    Counting model = new Counting();
    Cancellation cancel = new Cancellation();
    AtomicReference<Result> result = new AtomicReference<>();
    AtomicLong returnedAt = new AtomicLong();
    Thread caller =
        new Thread(
            () -> {
              result.set(
                  Checker.of(model)
                      .withParallelism(2)
                      .withAllKeys(true)
                      .withTimeout(Duration.ofSeconds(60))
                      .check(hard, cancel));
              returnedAt.set(System.nanoTime());
            });
    caller.setDaemon(true); // a check that ignores cancellation must not hold up the test JVM
    caller.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> model.steps.get() > 200_000);
    long cancelledAt = System.nanoTime();
    cancel.cancel();
    caller.join(Duration.ofSeconds(30).toMillis());
    assertThat(caller.isAlive()).as("check still running 30 s after cancel").isFalse();
    long latencyMs = (returnedAt.get() - cancelledAt) / 1_000_000;
    System.out.println("cancel handle: check returned " + latencyMs + " ms after cancel()");
    assertThat(result.get().unknown())
        .extracting(PartitionResult::reason)
        .containsOnly("cancelled");
    assertThat(result.get().unknown()).hasSize(2);
    // ~100 ms is the target; the bound is generous for a loaded machine, far below the deadline.
    assertThat(latencyMs).isLessThan(2_000);
  }

  @Test
  void interruptingTheCallerStopsTheCheckAndKeepsTheFlag() throws Exception {
    History hard = History.of(removeKey(easyInvalidBesideIntractable(), "easy"));
    Counting model = new Counting();
    AtomicReference<Result> result = new AtomicReference<>();
    AtomicBoolean stillInterrupted = new AtomicBoolean();
    AtomicLong returnedAt = new AtomicLong();
    Thread caller =
        new Thread(
            () -> {
              result.set(
                  Checker.of(model)
                      .withParallelism(2)
                      .withAllKeys(true)
                      .withTimeout(Duration.ofSeconds(60))
                      .check(hard));
              returnedAt.set(System.nanoTime());
              stillInterrupted.set(Thread.currentThread().isInterrupted());
            });
    caller.setDaemon(true); // a check that ignores cancellation must not hold up the test JVM
    caller.start();
    await().atMost(Duration.ofSeconds(30)).until(() -> model.steps.get() > 200_000);
    long interruptedAt = System.nanoTime();
    caller.interrupt();
    caller.join(Duration.ofSeconds(30).toMillis());
    assertThat(caller.isAlive()).as("check still running 30 s after interrupt").isFalse();
    long latencyMs = (returnedAt.get() - interruptedAt) / 1_000_000;
    System.out.println("interrupt: check returned " + latencyMs + " ms after interrupt()");
    assertThat(result.get().unknown())
        .extracting(PartitionResult::reason)
        .containsOnly("cancelled");
    assertThat(stillInterrupted).isTrue();
    assertThat(latencyMs).isLessThan(2_000);
  }

  private static List<Event> removeKey(History h, String key) {
    List<Event> l = new ArrayList<>();
    for (Event e : h.events()) {
      if (!key.equals(e.key())) {
        l.add(e);
      }
    }
    return l;
  }

  @Test
  void memoryBudgetCountsModelStatesAndSaysWhichLimitRanOut() {
    History h = RegisterHistories.generate(new Shape(1, 5, 2000, 0.05, 5), 11);
    assertThat(Checker.of(new CasRegister()).withMemoryLimit(64L << 20).check(h).verdict())
        .isEqualTo(Verdict.VALID);
    // The same search, with states the model says hold 1 MB each: the budget runs out.
    Model<Object> fat =
        new Model<>() {
          final CasRegister inner = new CasRegister();

          @Override
          public Object init() {
            return inner.init();
          }

          @Override
          public Object step(Object s, Op op) {
            return inner.step(s, op);
          }

          @Override
          public long stateBytes(Object state) {
            return 1L << 20;
          }
        };
    Result r = Checker.of(fat).withMemoryLimit(64L << 20).check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.unknown().get(0).reason()).isEqualTo("memory-budget");
    assertThat(r.toJson()).contains("\"reason\":\"memory-budget\"");
  }

  @Test
  void outOfMemoryInASearchIsReportedAsHeap() {
    Model<Object> starving =
        new Model<>() {
          @Override
          public Object init() {
            return "s";
          }

          @Override
          public Object step(Object s, Op op) {
            throw new OutOfMemoryError("simulated: Java heap space");
          }
        };
    History h =
        History.of(
            List.of(
                new Event(0, 1, EventType.INVOKE, "x", null, null, 0),
                new Event(1, 1, EventType.OK, "x", null, null, 1)));
    Result r = Checker.of(starving).check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.unknown().get(0).reason()).isEqualTo("heap");
  }
}
