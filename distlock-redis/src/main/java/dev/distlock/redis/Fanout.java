package dev.distlock.redis;

import dev.distlock.LockBackendException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Sends one operation to several nodes in parallel and collects what came back by a deadline. A
 * node that has not answered by then counts as failed (its request may still land: callers treat
 * that as "maybe applied"). Threads are daemon threads of a cached pool, so a slow node never holds
 * up the answer of the others. Thread-safe.
 */
final class Fanout implements AutoCloseable {
  private static final AtomicInteger IDS = new AtomicInteger();

  private final List<RedisNodeClient> nodes;
  private final ExecutorService pool;

  Fanout(List<RedisNodeClient> nodes, String label) {
    this.nodes = List.copyOf(nodes);
    int id = IDS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    // A cached pool: requests are short and bounded by the node's timeout; queueing them behind a
    // fixed pool would add latency exactly when nodes are slow.
    this.pool =
        new ThreadPoolExecutor(
            0,
            Integer.MAX_VALUE,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            r -> {
              Thread t = new Thread(r, "distlock-" + label + "-" + id + "-" + n.incrementAndGet());
              t.setDaemon(true);
              return t;
            });
  }

  List<RedisNodeClient> nodes() {
    return nodes;
  }

  /** What one node answered: a value, or the failure (including "no answer by the deadline"). */
  record Reply<T>(RedisNodeClient node, T value, LockBackendException error) {
    boolean ok() {
      return error == null;
    }
  }

  /** The replies so far, in node order; nodes that did not answer carry a timeout error. */
  record Round<T>(
      List<Reply<T>> replies, java.util.Map<RedisNodeClient, CompletableFuture<T>> pending) {
    /** The request to {@code node} still in flight, or null. */
    CompletableFuture<T> pendingFor(RedisNodeClient node) {
      return pending.get(node);
    }
  }

  /**
   * Runs {@code op} on every node and waits until {@code decided} holds for the replies so far,
   * every node answered, or {@code timeoutNanos} passed.
   */
  <T> Round<T> run(
      Function<RedisNodeClient, T> op, Predicate<List<Reply<T>>> decided, long timeoutNanos) {
    return run(nodes, op, decided, timeoutNanos);
  }

  /** As {@link #run(Function, Predicate, long)} on the given subset of nodes. */
  <T> Round<T> run(
      List<RedisNodeClient> targets,
      Function<RedisNodeClient, T> op,
      Predicate<List<Reply<T>>> decided,
      long timeoutNanos) {
    // The replying threads decide, so the caller wakes once per round, not once per reply: on a
    // busy machine every wake-up costs a scheduling delay.
    List<Reply<T>> got = new ArrayList<>(targets.size()); // guarded by got
    CountDownLatch decidedLatch = new CountDownLatch(1);
    List<CompletableFuture<T>> futures = new ArrayList<>(targets.size());
    for (RedisNodeClient node : targets) {
      CompletableFuture<T> f;
      try {
        f = CompletableFuture.supplyAsync(() -> op.apply(node), pool);
      } catch (RejectedExecutionException closed) {
        f = CompletableFuture.failedFuture(closed);
      }
      f.whenComplete(
          (v, e) -> {
            synchronized (got) {
              got.add(new Reply<>(node, v, e == null ? null : wrap(node, e)));
              if (got.size() == targets.size() || decided.test(got)) {
                decidedLatch.countDown();
              }
            }
          });
      futures.add(f);
    }
    if (targets.isEmpty()) {
      decidedLatch.countDown();
    }
    try {
      decidedLatch.await(Math.max(0, timeoutNanos), TimeUnit.NANOSECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    List<Reply<T>> snapshot;
    synchronized (got) {
      snapshot = List.copyOf(got);
    }
    List<Reply<T>> ordered = new ArrayList<>(targets.size());
    java.util.Map<RedisNodeClient, CompletableFuture<T>> pending =
        new java.util.IdentityHashMap<>();
    for (int i = 0; i < targets.size(); i++) {
      RedisNodeClient node = targets.get(i);
      Reply<T> reply = snapshot.stream().filter(r -> r.node() == node).findFirst().orElse(null);
      if (reply == null) {
        reply =
            new Reply<>(
                node, null, new LockBackendException("redis " + node.node() + " no answer", null));
        pending.put(node, futures.get(i));
      }
      ordered.add(reply);
    }
    return new Round<>(ordered, pending);
  }

  /**
   * Runs {@code op} on {@code node} in the background; the future completes when it has run
   * (failures swallowed: best-effort cleanup) or at once if the fan-out is closed.
   */
  CompletableFuture<Void> runLater(
      RedisNodeClient node, java.util.function.Consumer<RedisNodeClient> op) {
    try {
      return CompletableFuture.runAsync(
          () -> {
            try {
              op.accept(node);
            } catch (RuntimeException ignored) {
              // best effort: the entry expires with its TTL
            }
          },
          pool);
    } catch (RejectedExecutionException closed) {
      return CompletableFuture.completedFuture(null);
    }
  }

  /** Runs {@code op} on every node in the background; for best-effort cleanup. */
  void runAsync(List<RedisNodeClient> targets, java.util.function.Consumer<RedisNodeClient> op) {
    for (RedisNodeClient node : targets) {
      try {
        pool.execute(
            () -> {
              try {
                op.accept(node);
              } catch (RuntimeException ignored) {
                // best effort: the entry expires with its TTL
              }
            });
      } catch (RejectedExecutionException closed) {
        return;
      }
    }
  }

  private static LockBackendException wrap(RedisNodeClient node, Throwable e) {
    Throwable c =
        e instanceof java.util.concurrent.CompletionException && e.getCause() != null
            ? e.getCause()
            : e;
    return c instanceof LockBackendException lbe
        ? lbe
        : new LockBackendException("redis " + node.node() + ": " + c, c);
  }

  @Override
  public void close() {
    pool.shutdownNow();
  }
}
