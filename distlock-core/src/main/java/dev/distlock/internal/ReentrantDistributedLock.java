package dev.distlock.internal;

import dev.distlock.DistributedLock;
import dev.distlock.Guarantees;
import dev.distlock.Lease;
import dev.distlock.LeaseLostException;
import dev.distlock.LockTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Lock;
import java.util.function.Consumer;

/**
 * Per-thread reentrancy for any backend, as one wrapper (Curator's approach): the first acquire on
 * a thread goes to the backend; nested acquires on that thread return views of the same lease and
 * only count. The lock is released when the last view is closed. Holds live in the client ({@link
 * Holds}), keyed by (name, thread): every {@code DistributedLock} object of one name in one client
 * shares them.
 */
final class ReentrantDistributedLock implements DistributedLock {
  private final BackendLock core;
  private final Guarantees guarantees;
  private final Holds holds;
  private final LockAdapter adapter;

  ReentrantDistributedLock(BackendLock core, Guarantees guarantees, Holds holds) {
    this.core = core;
    this.guarantees = guarantees;
    this.holds = holds;
    this.adapter = new LockAdapter(this, holds);
  }

  @Override
  public String name() {
    return core.name();
  }

  @Override
  public Lease acquire(Duration wait) {
    Checks.waitTime(wait);
    return tryAcquire(wait).orElseThrow(() -> new LockTimeoutException(name(), wait));
  }

  @Override
  public Lease acquire(Duration wait, Duration leaseTime) {
    Checks.waitTime(wait);
    core.checkLeaseTime(leaseTime);
    return tryAcquire(wait, leaseTime).orElseThrow(() -> new LockTimeoutException(name(), wait));
  }

  @Override
  public boolean isLocked() {
    return core.isLocked();
  }

  @Override
  public Optional<Lease> tryAcquire(Duration wait) {
    Checks.waitTime(wait);
    return tryAcquire(wait, null);
  }

  /** {@code leaseTime} null: the client's TTL, renewed by the watchdog. */
  private Optional<Lease> tryAcquire(Duration wait, Duration leaseTime) {
    Holds.Key key = Holds.Key.current(name());
    Holds.Hold hold = holds.get(key);
    if (hold != null) {
      if (hold.lease.state() == Lease.LeaseState.LOST) {
        throw new LeaseLostException(
            "this thread's lease on '"
                + name()
                + "' was lost ("
                + hold.lease.lossReason()
                + "); close it before acquiring again");
      }
      synchronized (hold) {
        hold.count++;
      }
      return Optional.of(new View(hold));
    }
    ManagedLease lease = core.acquire(wait, leaseTime);
    if (lease == null) {
      return Optional.empty();
    }
    Holds.Hold fresh = new Holds.Hold(key, lease);
    holds.put(fresh);
    return Optional.of(new View(fresh));
  }

  @Override
  public boolean isHeldByCurrentThread() {
    Holds.Hold hold = holds.get(Holds.Key.current(name()));
    return hold != null && hold.lease.isValid();
  }

  @Override
  public Guarantees guarantees() {
    return guarantees;
  }

  @Override
  public Lock asLock() {
    return adapter;
  }

  /** What the caller gets: the shared lease, closing which only counts down. */
  private final class View implements Lease {
    private final Holds.Hold hold;
    private final AtomicBoolean closed = new AtomicBoolean();

    View(Holds.Hold hold) {
      this.hold = hold;
    }

    @Override
    public String lockName() {
      return hold.lease.lockName();
    }

    @Override
    public long fencingToken() {
      return hold.lease.fencingToken();
    }

    @Override
    public boolean isValid() {
      return !closed.get() && hold.lease.isValid();
    }

    @Override
    public Duration remainingValidity() {
      return hold.lease.remainingValidity();
    }

    @Override
    public LeaseState state() {
      return closed.get() ? LeaseState.RELEASED : hold.lease.state();
    }

    @Override
    public void onLost(Consumer<LossReason> listener) {
      hold.lease.onLost(listener);
    }

    @Override
    public void close() {
      if (!closed.compareAndSet(false, true)) {
        return;
      }
      boolean last;
      synchronized (hold) {
        last = --hold.count == 0;
      }
      if (last) {
        holds.remove(hold);
        hold.lease.close();
      }
    }

    @Override
    public String toString() {
      return hold.lease.toString();
    }
  }
}
