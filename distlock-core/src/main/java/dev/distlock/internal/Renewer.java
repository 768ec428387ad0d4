package dev.distlock.internal;

import dev.distlock.Lease.LossReason;
import dev.distlock.LockBackendException;
import dev.distlock.LockSettings;
import dev.distlock.spi.LockBackend;
import dev.distlock.spi.RenewResult;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchdog: one small scheduler per client serves every lease (no thread, and no scheduled
 * task, per lease). A periodic tick finds the leases whose renewal is due and renews them on the
 * scheduler's threads. Taking and releasing a lease only adds it to and removes it from a set, so
 * the hot path wakes no thread.
 *
 * <p>A renewal that finds another owner marks the lease lost at once; one that cannot reach the
 * backend is retried more often as the deadline nears, and the lease is lost when the deadline
 * passes first. Without a watchdog, a lease is marked lost when its deadline passes. Either way the
 * loss is signalled at most one tick late; {@link dev.distlock.Lease#isValid()} reads the clock and
 * is never late.
 */
final class Renewer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Renewer.class);
  private static final AtomicInteger CLIENTS = new AtomicInteger();
  private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);

  private final ScheduledThreadPoolExecutor scheduler;
  private final LockBackend backend;
  private final LockSettings settings;
  private final LongSupplier clock;
  private final long tickNanos;
  private final boolean renews;
  private final Set<ManagedLease> leases = ConcurrentHashMap.newKeySet();
  private boolean ticking; // guarded by this

  Renewer(LockBackend backend, LockSettings settings, LongSupplier clock) {
    this.backend = backend;
    this.settings = settings;
    this.clock = clock;
    this.renews = backend.renews() && settings.watchdog();
    long interval = settings.renewInterval().toNanos();
    this.tickNanos = Math.max(MIN_TICK_NANOS, Math.min(MAX_TICK_NANOS, interval / 8));
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
    if (renews) {
      lease.nextCheckNanos = clock.getAsLong() + settings.renewInterval().toNanos();
    } else {
      // Session-based leases (validity MAX_VALUE) are kept only so close() can release them: the
      // backend reports their loss itself, and tick() skips them.
      lease.nextCheckNanos = lease.validUntilNanos();
    }
    leases.add(lease);
    ensureTicking();
  }

  /** Stops watching {@code lease} (released). */
  void untrack(ManagedLease lease) {
    leases.remove(lease);
  }

  /** The leases being watched. */
  Set<ManagedLease> leases() {
    return leases;
  }

  /** Runs {@code task} soon on the scheduler (best-effort cleanup work). */
  void submit(Runnable task) {
    try {
      scheduler.execute(task);
    } catch (RejectedExecutionException closing) {
      log.debug("client closing; skipped background task");
    }
  }

  private synchronized void ensureTicking() {
    if (ticking || scheduler.isShutdown()) {
      return;
    }
    ticking = true;
    try {
      scheduler.scheduleAtFixedRate(this::tick, tickNanos, tickNanos, TimeUnit.NANOSECONDS);
    } catch (RejectedExecutionException closing) {
      log.debug("client closing; watchdog not started");
    }
  }

  private void tick() {
    long now = clock.getAsLong();
    for (ManagedLease lease : leases) {
      if (!lease.active()) {
        leases.remove(lease);
      } else if (!renews && lease.validUntilNanos() == Long.MAX_VALUE) {
        continue;
      } else if (now - lease.nextCheckNanos >= 0 && !lease.renewing) {
        if (renews) {
          lease.renewing = true;
          submit(() -> renew(lease));
        } else if (now - lease.validUntilNanos() >= 0) {
          leases.remove(lease);
          lease.markLost(LossReason.EXPIRED);
        }
      }
    }
  }

  private void renew(ManagedLease lease) {
    try {
      renewOnce(lease);
    } finally {
      lease.renewing = false;
    }
  }

  private void renewOnce(ManagedLease lease) {
    if (!lease.active()) {
      return;
    }
    long interval = settings.renewInterval().toNanos();
    long start = clock.getAsLong();
    RenewResult r;
    try {
      r = backend.renew(lease.lockName(), lease.owner(), settings.ttl().toMillis());
    } catch (RuntimeException e) {
      r = new RenewResult.Unavailable(new LockBackendException("renewal failed", e));
    }
    if (r instanceof RenewResult.Renewed renewed) {
      lease.extendTo(Checks.saturatedAdd(start, renewed.validityNanos()));
      lease.nextCheckNanos = start + interval;
    } else if (r instanceof RenewResult.NotOwner) {
      leases.remove(lease);
      lease.markLost(LossReason.OWNER_CHANGED);
    } else {
      long now = clock.getAsLong();
      long left = lease.validUntilNanos() - now;
      if (left <= 0) {
        leases.remove(lease);
        lease.markLost(LossReason.EXPIRED);
        return;
      }
      log.debug(
          "renewal of '{}' failed, {} ms of validity left", lease.lockName(), left / 1_000_000);
      // Retry sooner as the deadline nears; the tick re-checks at the deadline itself.
      lease.nextCheckNanos =
          now + Math.min(interval, Math.min(left, Math.max(tickNanos, left / 3)));
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
