package dev.distlock.checker;

import dev.distlock.history.History;
import dev.distlock.history.Op;
import dev.distlock.model.Model;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A linearizability checker: Wing and Gong's search with Lowe's cache of visited configurations,
 * split by key (P-compositionality: a history is linearizable iff each key's sub-history is), the
 * keys checked in parallel under one shared deadline and memory budget.
 *
 * <pre>{@code
 * Result r = Checker.of(new CasRegister()).withTimeout(Duration.ofSeconds(10)).check(history);
 * if (r.verdict() == Verdict.INVALID) { ... r.invalid().get(0).failure() ... }
 * }</pre>
 *
 * <p>Semantics: {@code ok} ops took effect at one instant between invoke and completion; {@code
 * fail} ops are ignored; {@code info} ops (and invokes never completed) may have taken effect at
 * any instant after their invoke, or never. Ops whose intervals touch (one completes at the very
 * time the other is invoked) are concurrent.
 *
 * <p>The verdict is {@link Verdict#UNKNOWN} only when the deadline passes or the memory budget
 * (default: half the heap that is free when the check starts) is exhausted.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Checker {
  private final Model<?> model;
  private final long timeoutNanos;
  private final int parallelism;
  private final long memoryLimit;

  private Checker(Model<?> model, long timeoutNanos, int parallelism, long memoryLimit) {
    this.model = Objects.requireNonNull(model, "model");
    this.timeoutNanos = timeoutNanos;
    this.parallelism = parallelism;
    this.memoryLimit = memoryLimit;
  }

  /**
   * A checker for {@code model} with a 60 s deadline, one thread per core and the default memory
   * budget.
   */
  public static Checker of(Model<?> model) {
    return new Checker(
        model, Duration.ofSeconds(60).toNanos(), Runtime.getRuntime().availableProcessors(), 0);
  }

  /** Checks {@code history} against {@code model} with the defaults of {@link #of}. */
  public static Result check(Model<?> model, History history) {
    return of(model).check(history);
  }

  /** The same checker with another deadline; zero or negative means none. */
  public Checker withTimeout(Duration timeout) {
    return new Checker(model, timeout.toNanos(), parallelism, memoryLimit);
  }

  /** The same checker with {@code threads} threads (at least 1). */
  public Checker withParallelism(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1");
    }
    return new Checker(model, timeoutNanos, threads, memoryLimit);
  }

  /**
   * The same checker with a memory budget for the search caches, in bytes; 0 means the default
   * (half the free heap).
   */
  public Checker withMemoryLimit(long bytes) {
    return new Checker(model, timeoutNanos, parallelism, Math.max(0, bytes));
  }

  /** The model. */
  public Model<?> model() {
    return model;
  }

  /** Checks a history. */
  public Result check(History history) {
    return check(history.ops());
  }

  /**
   * Checks ops (e.g. {@link History#ops()}).
   *
   * @throws BadOperationException if the model rejects an op's shape
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public Result check(List<Op> ops) {
    long start = System.nanoTime();
    Model m = model;
    for (Op op : ops) {
      try {
        m.validate(op);
      } catch (RuntimeException e) {
        throw new BadOperationException(op, e.getMessage(), e);
      }
    }
    // Partition by key, keys in order of first appearance; drop failed ops.
    Map<String, Integer> keyIndex = new HashMap<>();
    List<String> keys = new ArrayList<>();
    List<List<Op>> parts = new ArrayList<>();
    for (Op op : ops) {
      Integer k = keyIndex.get(op.key());
      if (k == null) {
        k = keys.size();
        keyIndex.put(op.key(), k);
        keys.add(op.key());
        parts.add(new ArrayList<>());
      }
      if (!op.isFail()) {
        parts.get(k).add(op);
      }
    }
    int p = parts.size();
    Integer[] order = new Integer[p];
    for (int i = 0; i < p; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Integer.compare(parts.get(b).size(), parts.get(a).size()));

    long limit = memoryLimit;
    if (limit == 0) {
      Runtime rt = Runtime.getRuntime();
      long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
      limit = Math.max(32L << 20, free / 2);
    }
    Limits limits = new Limits(timeoutNanos, limit);
    PartitionResult[] results = new PartitionResult[p];
    AtomicInteger nextTask = new AtomicInteger();
    Runnable worker =
        () -> {
          int t;
          while ((t = nextTask.getAndIncrement()) < p) {
            int idx = order[t];
            results[idx] = checkPartition(m, keys.get(idx), parts.get(idx), limits);
          }
        };
    int threads = Math.min(parallelism, p);
    List<Thread> pool = new ArrayList<>();
    for (int i = 1; i < threads; i++) {
      Thread th = new Thread(worker, "checker-" + i);
      th.setDaemon(true);
      th.start();
      pool.add(th);
    }
    try {
      worker.run();
    } finally {
      for (Thread th : pool) {
        boolean interrupted = false;
        while (true) {
          try {
            th.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
            limits.cancel();
          }
        }
        if (interrupted) {
          Thread.currentThread().interrupt();
        }
      }
    }
    Verdict v = Verdict.VALID;
    for (PartitionResult r : results) {
      if (r.verdict() == Verdict.INVALID) {
        v = Verdict.INVALID;
        break;
      }
      if (r.verdict() == Verdict.UNKNOWN) {
        v = Verdict.UNKNOWN;
      }
    }
    return new Result(v, m.name(), ops.size(), List.of(results), System.nanoTime() - start);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static PartitionResult checkPartition(
      Model m, String key, List<Op> partOps, Limits limits) {
    int n = partOps.size();
    if (limits.timeUp()) {
      return new PartitionResult(
          key, Verdict.UNKNOWN, n, limits.cancelled() ? "cancelled" : "timeout", null, 0);
    }
    Op[] ops = partOps.toArray(new Op[0]);
    boolean sorted = true;
    for (int i = 1; i < n; i++) {
      if (ops[i - 1].invokeTime() > ops[i].invokeTime()) {
        sorted = false;
        break;
      }
    }
    if (!sorted) {
      Arrays.sort(ops, (a, b) -> Long.compare(a.invokeTime(), b.invokeTime()));
    }
    Wgl.Outcome o;
    try {
      o = Wgl.search(m, ops, limits);
    } catch (OutOfMemoryError e) {
      return new PartitionResult(key, Verdict.UNKNOWN, n, "memory", null, 0);
    }
    if (o.verdict != Verdict.INVALID) {
      return new PartitionResult(key, o.verdict, n, o.reason, null, o.configurations);
    }
    List<Op> lin = new ArrayList<>(o.prefix.length);
    List<String> states = new ArrayList<>(o.prefix.length);
    Object s = m.init();
    for (int i : o.prefix) {
      lin.add(ops[i]);
      s = m.step(s, ops[i]);
      states.add(m.describeState(s));
    }
    Failure f =
        new Failure(
            List.copyOf(lin),
            List.copyOf(states),
            ops[o.blocking],
            m.describeState(o.stateAtFailure));
    return new PartitionResult(key, Verdict.INVALID, n, null, f, o.configurations);
  }
}
