package dev.distlock.internal;

import dev.distlock.Lease.LossReason;
import dev.distlock.LockSettings;
import dev.distlock.spi.LockBackend;
import dev.distlock.spi.RenewResult;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchdog: one small scheduler per client renews every lease (no thread per lease). A renewal
 * that finds another owner marks the lease lost at once; one that cannot reach the backend is
 * retried more often as the deadline nears, and the lease is lost when the deadline passes first.
 * Without a watchdog, a lease is marked lost when its deadline passes.
 */
final class Renewer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Renewer.class);
  private static final AtomicInteger CLIENTS = new AtomicInteger();
  private static final long MIN_RETRY_NANOS = TimeUnit.MILLISECONDS.toNanos(5);

  private final ScheduledThreadPoolExecutor scheduler;
  private final LockBackend backend;
  private final LockSettings settings;
  private final LongSupplier clock;

  Renewer(LockBackend backend, LockSettings settings, LongSupplier clock) {
    this.backend = backend;
    this.settings = settings;
    this.clock = clock;
    int id = CLIENTS.incrementAndGet();
    AtomicInteger n = new AtomicInteger();
    ThreadFactory tf =
        r -> {
          Thread t = new Thread(r, "distlock-watchdog-" + id + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        };
    // Two threads: one slow renewal (a node timing out) must not delay every other lease.
    this.scheduler = new ScheduledThreadPoolExecutor(2, tf);
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
  }

  /** Starts renewing (or expiry-watching) {@code lease}. */
  void track(ManagedLease lease) {
    if (backend.renews() && settings.watchdog()) {
      schedule(lease, settings.renewInterval().toNanos(), () -> renew(lease));
    } else if (lease.validUntilNanos() != Long.MAX_VALUE) {
      schedule(lease, lease.validUntilNanos() - clock.getAsLong(), () -> expireIfDue(lease));
    }
  }

  /** Runs {@code task} soon on the scheduler (best-effort cleanup work). */
  void submit(Runnable task) {
    if (!scheduler.isShutdown()) {
      try {
        scheduler.execute(task);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        log.debug("client closing; skipped background task");
      }
    }
  }

  private void schedule(ManagedLease lease, long delayNanos, Runnable task) {
    if (!lease.active() || scheduler.isShutdown()) {
      return;
    }
    try {
      lease.setTask(scheduler.schedule(task, Math.max(0, delayNanos), TimeUnit.NANOSECONDS));
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      lease.markLost(LossReason.CLIENT_CLOSED);
    }
  }

  private void expireIfDue(ManagedLease lease) {
    long left = lease.validUntilNanos() - clock.getAsLong();
    if (left <= 0) {
      lease.markLost(LossReason.EXPIRED);
    } else {
      schedule(lease, left, () -> expireIfDue(lease));
    }
  }

  private void renew(ManagedLease lease) {
    if (!lease.active()) {
      return;
    }
    long interval = settings.renewInterval().toNanos();
    long start = clock.getAsLong();
    RenewResult r;
    try {
      r = backend.renew(lease.lockName(), lease.owner(), settings.ttl().toMillis());
    } catch (RuntimeException e) {
      r = new RenewResult.Unavailable(new dev.distlock.LockBackendException("renewal failed", e));
    }
    if (r instanceof RenewResult.Renewed renewed) {
      lease.extendTo(Checks.saturatedAdd(start, renewed.validityNanos()));
      schedule(lease, interval, () -> renew(lease));
    } else if (r instanceof RenewResult.NotOwner) {
      lease.markLost(LossReason.OWNER_CHANGED);
    } else {
      long left = lease.validUntilNanos() - clock.getAsLong();
      if (left <= 0) {
        lease.markLost(LossReason.EXPIRED);
        return;
      }
      log.debug(
          "renewal of '{}' failed, {} ms of validity left", lease.lockName(), left / 1_000_000);
      // Retry sooner as the deadline nears, but wake up no later than the deadline itself.
      long next = Math.min(interval, Math.max(MIN_RETRY_NANOS, left / 3));
      schedule(lease, Math.min(next, left), () -> renew(lease));
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("watchdog threads did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
