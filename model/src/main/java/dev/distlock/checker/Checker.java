package dev.distlock.checker;

import dev.distlock.history.History;
import dev.distlock.history.Op;
import dev.distlock.model.Model;
import dev.distlock.model.TypedModel;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A linearizability checker: Wing and Gong's search with Lowe's cache of visited configurations,
 * split by key (P-compositionality: a history is linearizable iff each key's sub-history is), the
 * keys time-sliced over a few threads under one shared deadline, memory budget and stop signal.
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
 * <p><b>First violation wins</b> (the default): the first key found invalid stops the others, and
 * the result lists which keys were decided, which were stopped ({@code unknown}, reason {@code
 * stopped}) and which were never started. {@link #withAllKeys} decides every key instead. Keys take
 * turns in time slices (the first 1 ms each, doubling up to 64 ms), smallest first, so an easy key
 * is decided quickly however hard the others are.
 *
 * <p>The verdict is {@link Verdict#UNKNOWN} only when the check is stopped before it can decide:
 * deadline ({@code timeout}), cancel handle or interrupt ({@code cancelled}), memory budget ({@code
 * memory-budget}) or an {@link OutOfMemoryError} in a search ({@code heap}). The memory budget
 * counts the search cache and the model states it holds ({@link Model#stateBytes}); by default it
 * is three quarters of the heap that is free when the check starts.
 *
 * <p>Instances are immutable and thread-safe.
 */
public final class Checker {
  /** The default deadline, the same for the API and the command line. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(60);

  private static final long FIRST_SLICE = 1_000_000L;
  private static final long MAX_SLICE = 64_000_000L;
  private static final long HELPERS_AFTER = 1_000_000L;

  private final Model<?> model;
  private final long timeoutNanos;
  private final int parallelism;
  private final long memoryLimit;
  private final boolean allKeys;

  private Checker(
      Model<?> model, long timeoutNanos, int parallelism, long memoryLimit, boolean allKeys) {
    this.model = Objects.requireNonNull(model, "model");
    this.timeoutNanos = timeoutNanos;
    this.parallelism = parallelism;
    this.memoryLimit = memoryLimit;
    this.allKeys = allKeys;
  }

  /**
   * A checker for {@code model} with the {@link #DEFAULT_TIMEOUT}, one thread per core, the default
   * memory budget, stopping at the first invalid key.
   */
  public static Checker of(Model<?> model) {
    return new Checker(
        model, DEFAULT_TIMEOUT.toNanos(), Runtime.getRuntime().availableProcessors(), 0, false);
  }

  /** Checks {@code history} against {@code model} with the defaults of {@link #of}. */
  public static Result check(Model<?> model, History history) {
    return of(model).check(history);
  }

  /** The same checker with another deadline; zero or negative means none. */
  public Checker withTimeout(Duration timeout) {
    return new Checker(model, timeout.toNanos(), parallelism, memoryLimit, allKeys);
  }

  /** The same checker with {@code threads} threads (at least 1; the caller's is one of them). */
  public Checker withParallelism(int threads) {
    if (threads < 1) {
      throw new IllegalArgumentException("parallelism must be >= 1");
    }
    return new Checker(model, timeoutNanos, threads, memoryLimit, allKeys);
  }

  /**
   * The same checker with a memory budget for the search caches and the model states they hold, in
   * bytes; 0 means the default (three quarters of the heap free when a check starts).
   */
  public Checker withMemoryLimit(long bytes) {
    return new Checker(model, timeoutNanos, parallelism, Math.max(0, bytes), allKeys);
  }

  /**
   * The same checker deciding every key ({@code true}) instead of stopping at the first invalid one
   * ({@code false}, the default).
   */
  public Checker withAllKeys(boolean all) {
    return new Checker(model, timeoutNanos, parallelism, memoryLimit, all);
  }

  /** The model. */
  public Model<?> model() {
    return model;
  }

  /** Checks a history. */
  public Result check(History history) {
    return check(history.ops(), null);
  }

  /** Checks a history; {@code cancel} (may be null) stops the check from another thread. */
  public Result check(History history, Cancellation cancel) {
    return check(history.ops(), cancel);
  }

  /** Checks ops (e.g. {@link History#ops()}). */
  public Result check(List<Op> ops) {
    return check(ops, null);
  }

  /**
   * Checks ops (e.g. {@link History#ops()}), on the calling thread and {@code parallelism - 1}
   * others, returning when every partition is decided or stopped.
   *
   * @param cancel stops the check when cancelled (null for none); interrupting the calling thread
   *     does too
   * @throws BadOperationException if the model rejects an op's shape
   */
  public Result check(List<Op> ops, Cancellation cancel) {
    long start = System.nanoTime();
    Object[] calls = decode(ops);
    // Partition by key, keys in order of first appearance; drop failed ops.
    Map<String, Integer> keyIndex = new HashMap<>();
    List<Task> tasks = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      Integer k = keyIndex.get(op.key());
      if (k == null) {
        k = tasks.size();
        keyIndex.put(op.key(), k);
        tasks.add(new Task(op.key()));
      }
      if (!op.isFail()) {
        tasks.get(k).add(i);
      }
    }
    Task[] order = tasks.toArray(new Task[0]);
    Arrays.sort(order, (a, b) -> Integer.compare(a.size, b.size));
    ArrayDeque<Task> queue = new ArrayDeque<>(Arrays.asList(order));

    long limit = memoryLimit;
    if (limit == 0) {
      Runtime rt = Runtime.getRuntime();
      long free = rt.maxMemory() - (rt.totalMemory() - rt.freeMemory());
      limit = Math.max(32L << 20, free / 4 * 3);
    }
    Limits limits = new Limits(timeoutNanos, limit, cancel, Thread.currentThread());
    // Helper threads start only when the check is still running after a millisecond: small
    // histories are done before a thread would have started.
    int helpers = Math.min(parallelism, tasks.size()) - 1;
    List<Thread> pool = new ArrayList<>();
    Runnable spawn =
        () -> {
          for (int i = 1; i <= helpers; i++) {
            Thread th = new Thread(() -> work(queue, limits, ops, calls, 0, null), "checker-" + i);
            th.setDaemon(true);
            th.start();
            pool.add(th);
          }
        };
    try {
      work(queue, limits, ops, calls, start + HELPERS_AFTER, helpers > 0 ? spawn : null);
    } finally {
      boolean interrupted = false;
      for (Thread th : pool) {
        while (true) {
          try {
            th.join();
            break;
          } catch (InterruptedException e) {
            interrupted = true;
            limits.stop(Limits.CANCELLED);
          }
        }
      }
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
    List<PartitionResult> results = new ArrayList<>(tasks.size());
    Verdict v = Verdict.VALID;
    for (Task t : tasks) {
      results.add(t.result);
      if (t.result.verdict() == Verdict.INVALID) {
        v = Verdict.INVALID;
      } else if (t.result.verdict() == Verdict.UNKNOWN && v == Verdict.VALID) {
        v = Verdict.UNKNOWN;
      }
    }
    return new Result(v, model.name(), ops.size(), List.copyOf(results), System.nanoTime() - start);
  }

  /** Validates every op, decoding it once for a {@link TypedModel} (null entries otherwise). */
  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object[] decode(List<Op> ops) {
    Object[] calls = new Object[ops.size()];
    TypedModel tm = model instanceof TypedModel ? (TypedModel) model : null;
    for (int i = 0; i < calls.length; i++) {
      Op op = ops.get(i);
      try {
        if (tm != null) {
          calls[i] = tm.decode(op);
        } else {
          model.validate(op);
        }
      } catch (RuntimeException e) {
        throw new BadOperationException(op, e.getMessage(), e);
      }
    }
    return calls;
  }

  /** One key's work: its ops (indices into the check's list), its search, then its result. */
  private static final class Task {
    final String key;
    int[] members = new int[8];
    int size;
    Search search;
    Op[] ops;
    int slices;
    PartitionResult result;

    Task(String key) {
      this.key = key;
    }

    void add(int i) {
      if (size == members.length) {
        members = Arrays.copyOf(members, size * 2);
      }
      members[size++] = i;
    }
  }

  /**
   * Takes keys from the queue, runs each for one time slice, puts back the undecided ones; on the
   * calling thread, also starts the helper threads ({@code spawn}) once {@code spawnAt} is past.
   */
  private void work(
      ArrayDeque<Task> queue,
      Limits limits,
      List<Op> all,
      Object[] calls,
      long spawnAt,
      Runnable spawn) {
    while (true) {
      if (spawn != null && System.nanoTime() - spawnAt > 0) {
        spawn.run();
        spawn = null;
      }
      Task t;
      synchronized (queue) {
        t = queue.poll();
      }
      if (t == null) {
        return;
      }
      String stop = limits.stopReason();
      if (stop != null) {
        t.result =
            t.search == null
                ? new PartitionResult(t.key, Verdict.UNKNOWN, t.size, Limits.NOT_STARTED, null, 0)
                : stopped(t, stop);
        t.search = null;
        continue;
      }
      Verdict v;
      try {
        if (t.search == null) {
          start(t, limits, all, calls);
        }
        long slice = Math.min(MAX_SLICE, FIRST_SLICE << Math.min(t.slices++, 8));
        v = t.search.run(System.nanoTime() + slice);
      } catch (OutOfMemoryError e) {
        if (t.search != null) {
          t.search.finish(Verdict.UNKNOWN, Limits.HEAP);
        }
        t.search = null;
        t.result = new PartitionResult(t.key, Verdict.UNKNOWN, t.size, Limits.HEAP, null, 0);
        continue;
      }
      if (v == null) {
        synchronized (queue) {
          queue.add(t);
        }
        continue;
      }
      t.result = result(t);
      t.search = null;
      if (v == Verdict.INVALID && !allKeys) {
        limits.stop(Limits.STOPPED);
      }
    }
  }

  private static PartitionResult stopped(Task t, String reason) {
    t.search.finish(Verdict.UNKNOWN, reason);
    return new PartitionResult(
        t.key, Verdict.UNKNOWN, t.size, reason, null, t.search.configurations);
  }

  private void start(Task t, Limits limits, List<Op> all, Object[] calls) {
    int n = t.size;
    Integer[] idx = new Integer[n];
    for (int i = 0; i < n; i++) {
      idx[i] = t.members[i];
    }
    // Stable: ops with equal invoke times keep their order.
    Arrays.sort(idx, (a, b) -> Long.compare(all.get(a).invokeTime(), all.get(b).invokeTime()));
    Op[] ops = new Op[n];
    Object[] pc = new Object[n];
    for (int i = 0; i < n; i++) {
      ops[i] = all.get(idx[i]);
      pc[i] = calls[idx[i]];
    }
    t.ops = ops;
    t.members = null;
    t.search = new Search(Stepper.of(model, ops, pc), ops, initial(t.key), limits);
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private Object initial(String key) {
    Object s = ((Model) model).init(key);
    if (s == null) {
      throw new IllegalStateException(model.name() + ": init(" + key + ") returned null");
    }
    return s;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private PartitionResult result(Task t) {
    Search o = t.search;
    if (o.verdict != Verdict.INVALID) {
      return new PartitionResult(t.key, o.verdict, t.size, o.reason, null, o.configurations);
    }
    Model m = model;
    Op[] ops = t.ops;
    List<Op> lin = new ArrayList<>(o.prefix.length);
    List<String> states = new ArrayList<>(o.prefix.length);
    Object s = initial(t.key);
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
    return new PartitionResult(t.key, Verdict.INVALID, t.size, null, f, o.configurations);
  }
}
