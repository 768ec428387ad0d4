package dev.distlock.internal;

import dev.distlock.Lease;
import dev.distlock.LockBackendException;
import dev.distlock.LockInterruptedException;
import dev.distlock.LockObserver;
import dev.distlock.spi.AcquireRequest;
import dev.distlock.spi.AcquireResult;
import dev.distlock.spi.OwnerIds;
import dev.distlock.spi.ReleaseWaiter;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The acquire loop every backend shares, without reentrancy: pass this client's local gate for the
 * name (see {@link LocalGates}), then attempt, and if the lock is busy, sleep until a release
 * notification, the holder's expiry or a random retry delay — whichever comes first — never past
 * the caller's deadline.
 */
final class BackendLock {
  /** Even with reliable notifications, look again at least this often (a lost message). */
  private static final long MAX_NOTIFIED_WAIT_NANOS = Duration.ofSeconds(1).toNanos();

  private final String name;
  private final BackendLockClient client;

  BackendLock(String name, BackendLockClient client) {
    this.name = name;
    this.client = client;
  }

  String name() {
    return name;
  }

  /**
   * Acquires within {@code wait}.
   *
   * @return the lease, or null if the lock stayed busy for the whole wait
   * @throws LockBackendException if the last attempt failed at the backend
   */
  ManagedLease acquire(Duration wait) {
    return acquire(wait, null);
  }

  /**
   * As {@link #acquire(Duration)}, for a fixed term when {@code leaseTime} is not null (checked by
   * {@link #checkLeaseTime}): the backend keeps the lock that long and the watchdog leaves it.
   */
  ManagedLease acquire(Duration wait, Duration leaseTime) {
    long start = client.clock().getAsLong();
    LockObserver.Outcome outcome = LockObserver.Outcome.FAILED;
    try {
      ManagedLease lease = acquireGated(wait, leaseTime);
      outcome = lease != null ? LockObserver.Outcome.ACQUIRED : LockObserver.Outcome.TIMED_OUT;
      return lease;
    } finally {
      LockObserver.Outcome o = outcome;
      Duration waited = Duration.ofNanos(client.clock().getAsLong() - start);
      Observe.call(observer(), ob -> ob.acquireEnded(type(), name, o, waited));
    }
  }

  private LockObserver observer() {
    return client.settings().observer();
  }

  private String type() {
    return client.backend().type();
  }

  /**
   * @throws IllegalArgumentException if {@code leaseTime} is null or below the minimum TTL
   * @throws UnsupportedOperationException for a session-based backend
   */
  void checkLeaseTime(Duration leaseTime) {
    java.util.Objects.requireNonNull(leaseTime, "leaseTime");
    if (leaseTime.compareTo(dev.distlock.LockSettings.MIN_TTL) < 0) {
      throw new IllegalArgumentException(
          "leaseTime must be at least " + dev.distlock.LockSettings.MIN_TTL + ", got " + leaseTime);
    }
    if (!client.backend().renews()) {
      throw new UnsupportedOperationException(
          type() + " leases last as long as the session: a lease time does not apply");
    }
  }

  boolean isLocked() {
    client.ensureOpen();
    try {
      return client.backend().isLocked(name);
    } catch (LockBackendException | UnsupportedOperationException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new LockBackendException("lock '" + name + "': isLocked failed: " + e, e);
    }
  }

  private ManagedLease acquireGated(Duration wait, Duration leaseTime) {
    long waitNanos = Checks.saturatedNanos(wait);
    long deadline = Checks.saturatedAdd(client.clock().getAsLong(), waitNanos);
    LocalGates.Gate gate = client.gates().join(name);
    boolean passed = false;
    ManagedLease lease = null;
    try {
      try {
        passed = gate.permit.tryAcquire(waitNanos, TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        throw interrupted(e);
      }
      if (!passed) {
        return null; // a thread of this client held or awaited the lock for the whole wait
      }
      Runnable handOver =
          () -> {
            gate.permit.release();
            client.gates().leave(name);
          };
      lease = acquireRemote(wait, deadline, handOver, leaseTime);
      return lease;
    } finally {
      if (lease == null) {
        if (passed) {
          gate.permit.release();
        }
        client.gates().leave(name);
      }
    }
  }

  private ManagedLease acquireRemote(
      Duration wait, long deadline, Runnable onEnd, Duration leaseTime) {
    LockBackendException lastError = null;
    // Registered on the first busy answer, then one more attempt before any wait, so a release
    // between that answer and the registration is not missed, and the uncontended path pays
    // nothing for it.
    ReleaseWaiter waiter = null;
    boolean contended = false;
    try {
      while (true) {
        client.ensureOpen();
        if (Thread.interrupted()) {
          throw interrupted(new InterruptedException());
        }
        String owner = OwnerIds.next();
        long start = client.clock().getAsLong();
        DeferredEvents events = new DeferredEvents();
        AcquireRequest request =
            new AcquireRequest(
                name,
                owner,
                leaseTime != null ? leaseTime : client.settings().ttl(),
                Duration.ofNanos(Math.max(0, deadline - start)),
                events);
        AcquireResult result;
        try {
          result = client.backend().tryAcquire(request);
        } catch (RuntimeException e) {
          result = new AcquireResult.Unavailable(new LockBackendException(e.toString(), e), true);
        }
        Duration latency = Duration.ofNanos(client.clock().getAsLong() - start);
        Observe.call(observer(), ob -> ob.acquireRequest(type(), name, latency));
        long pause;
        if (result instanceof AcquireResult.Acquired a) {
          // A slow request (pool wait, connect, script reload) can outlast the validity it earned:
          // such a lock may already be someone else's, so it counts as not acquired. So does one
          // the backend reported lost (a session gone) before we could hand it out.
          if (Checks.saturatedAdd(start, a.validityNanos()) - client.clock().getAsLong() <= 0) {
            client.releaseLater(name, owner);
            pause = 0;
          } else {
            // The gate passes to the lease only when the lease is handed out; a lease lost before
            // that must not hand over a gate this loop still holds.
            AtomicBoolean gateWithLease = new AtomicBoolean();
            Runnable end =
                () -> {
                  if (gateWithLease.compareAndSet(true, false)) {
                    onEnd.run();
                  }
                };
            ManagedLease lease =
                client.register(name, owner, a, start, events, end, leaseTime != null);
            gateWithLease.set(true);
            if ((lease.state() == Lease.LeaseState.HELD && lease.isValid())
                || !gateWithLease.compareAndSet(true, false)) {
              return lease; // valid, or lost this instant and the gate already handed on
            }
            client.discard(lease);
            pause = 0;
          }
        } else if (result instanceof AcquireResult.Busy busy) {
          if (!contended) {
            contended = true;
            Observe.call(observer(), ob -> ob.contended(type(), name));
          }
          lastError = null;
          if (waiter == null && deadline - client.clock().getAsLong() > 0) {
            waiter = client.backend().waiter(name);
            continue;
          }
          long hint = Math.max(1_000_000L, Checks.saturatedNanos(busy.retryAfter()));
          pause =
              waiter != null && waiter.reliable()
                  ? Math.min(hint, MAX_NOTIFIED_WAIT_NANOS)
                  : Math.min(hint, randomRetryNanos());
        } else {
          AcquireResult.Unavailable u = (AcquireResult.Unavailable) result;
          lastError = u.cause();
          if (u.maybeApplied()) {
            client.releaseLater(name, owner);
          }
          pause = randomRetryNanos();
        }
        long left = deadline - client.clock().getAsLong();
        if (left <= 0) {
          if (lastError != null) {
            throw new LockBackendException(
                "lock '" + name + "': backend failed on every attempt within " + wait, lastError);
          }
          return null;
        }
        try {
          (waiter != null ? waiter : ReleaseWaiter.NONE).await(Math.min(left, pause));
        } catch (InterruptedException e) {
          throw interrupted(e);
        }
      }
    } finally {
      if (waiter != null) {
        waiter.close();
      }
    }
  }

  private LockInterruptedException interrupted(InterruptedException e) {
    Thread.currentThread().interrupt();
    return new LockInterruptedException(name, e);
  }

  private long randomRetryNanos() {
    long min = client.settings().retryMin().toNanos();
    long max = client.settings().retryMax().toNanos();
    return min == max ? min : ThreadLocalRandom.current().nextLong(min, max + 1);
  }
}
