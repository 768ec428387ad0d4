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
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The watchdog: one small scheduler per client serves every lease (no thread, and no scheduled
 * task, per lease). A periodic tick finds the leases whose renewal is due and hands them to a pool
 * of renewal threads that grows with the renewals in flight (up to {@value #MAX_RENEWAL_THREADS}),
 * so a renewal hanging on an unreachable node delays no other lease. Taking and releasing a lease
 * only adds it to and removes it from a set, so the hot path wakes no thread.
 *
 * <p>The tick itself marks every lease lost whose validity deadline has passed, whether or not a
 * renewal is in flight: loss is signalled at most one tick after the deadline, for any number of
 * leases. A renewal that finds another owner marks the lease lost at once; one that cannot reach
 * the backend is retried more often as the deadline nears; a successful renewal whose reply comes
 * after the deadline does not revive the lease (lost is final: between the deadline and the reply
 * the holder could not know it still held the lock). {@link dev.distlock.Lease#isValid()} reads the
 * clock and is never late.
 */
final class Renewer implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Renewer.class);
  private static final AtomicInteger CLIENTS = new AtomicInteger();
  private static final long MIN_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
  private static final long MAX_TICK_NANOS = TimeUnit.MILLISECONDS.toNanos(250);
  private static final int MAX_RENEWAL_THREADS = 64;

  private final ScheduledThreadPoolExecutor scheduler;
  private final ThreadPoolExecutor renewals;
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
    this.scheduler = new ScheduledThreadPoolExecutor(1, threads("distlock-watchdog-" + id));
    scheduler.setRemoveOnCancelPolicy(true);
    scheduler.setExecuteExistingDelayedTasksAfterShutdownPolicy(false);
    // No queue: a renewal either gets a thread now or waits for the next tick, so renewals
    // stuck on a slow node never hold up the others behind them.
    this.renewals =
        new ThreadPoolExecutor(
            0,
            MAX_RENEWAL_THREADS,
            30,
            TimeUnit.SECONDS,
            new SynchronousQueue<>(),
            threads("distlock-renew-" + id));
  }

  static ThreadFactory threads(String prefix) {
    AtomicInteger n = new AtomicInteger();
    return r -> {
      Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
      t.setDaemon(true);
      return t;
    };
  }

  /** Starts renewing (or expiry-watching) {@code lease}. */
  void track(ManagedLease lease) {
    if (renews && !lease.fixedTerm) {
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

  /**
   * Runs {@code task} soon on a renewal thread (best-effort cleanup work), never on the tick
   * thread, which a hanging request must not stall.
   */
  void submit(Runnable task) {
    try {
      renewals.execute(task);
    } catch (RejectedExecutionException closing) {
      log.debug("client closing or every renewal thread busy; skipped background task");
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
      long validUntil = lease.validUntilNanos();
      if (!lease.active()) {
        leases.remove(lease);
      } else if (validUntil == Long.MAX_VALUE) {
        continue; // session-bound: the backend reports the loss itself
      } else if (now - validUntil >= 0) {
        leases.remove(lease);
        lease.markLost(LossReason.EXPIRED);
      } else if (renews && !lease.fixedTerm && now - lease.nextCheckNanos >= 0 && !lease.renewing) {
        lease.renewing = true;
        try {
          renewals.execute(() -> renew(lease));
        } catch (RejectedExecutionException busyOrClosing) {
          lease.renewing = false; // every renewal thread is busy: try again next tick
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
      if (clock.getAsLong() - lease.validUntilNanos() >= 0) {
        // The deadline passed while the renewal was in flight: the holder was told (or could
        // have been) that it no longer held the lock; a late success must not revive it.
        leases.remove(lease);
        lease.markLost(LossReason.EXPIRED);
        return;
      }
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
      Observe.call(settings.observer(), ob -> ob.renewalFailed(backend.type(), lease.lockName()));
      // Retry sooner as the deadline nears; the tick re-checks at the deadline itself.
      lease.nextCheckNanos =
          now + Math.min(interval, Math.min(left, Math.max(tickNanos, left / 3)));
    }
  }

  @Override
  public void close() {
    scheduler.shutdownNow();
    renewals.shutdownNow();
    try {
      if (!scheduler.awaitTermination(5, TimeUnit.SECONDS)
          || !renewals.awaitTermination(5, TimeUnit.SECONDS)) {
        log.warn("watchdog threads did not stop within 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
