package dev.distlock.internal;

import dev.distlock.DistributedLock;
import dev.distlock.Lease;
import dev.distlock.LockInterruptedException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.Lock;

/**
 * {@link Lock} over a {@link DistributedLock}. Each successful lock call pushes a lease on the
 * calling thread's stack for the lock name (kept by the client, so any adapter of the same name
 * unlocks it); {@code unlock()} pops and closes one. {@code lock()} waits in bounded slices until
 * it gets the lock, as the interface demands; backend failures surface as {@link
 * dev.distlock.LockBackendException}.
 */
final class LockAdapter implements Lock {
  private static final Duration SLICE = Duration.ofSeconds(30);
  private final DistributedLock lock;
  private final Holds holds;

  LockAdapter(DistributedLock lock, Holds holds) {
    this.lock = lock;
    this.holds = holds;
  }

  @Override
  public void lock() {
    boolean interrupted = false;
    try {
      while (true) {
        try {
          lockInterruptibly();
          return;
        } catch (InterruptedException e) {
          interrupted = true; // lock() may not give up: keep waiting, restore the flag after
        }
      }
    } finally {
      if (interrupted) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void lockInterruptibly() throws InterruptedException {
    while (!tryLock(SLICE.toNanos(), TimeUnit.NANOSECONDS)) {
      // still held elsewhere: wait another slice
    }
  }

  @Override
  public boolean tryLock() {
    Optional<Lease> lease = lock.tryAcquire(Duration.ZERO);
    lease.ifPresent(this::push);
    return lease.isPresent();
  }

  @Override
  public boolean tryLock(long time, TimeUnit unit) throws InterruptedException {
    try {
      Optional<Lease> lease = lock.tryAcquire(Duration.ofNanos(Math.max(0, unit.toNanos(time))));
      lease.ifPresent(this::push);
      return lease.isPresent();
    } catch (LockInterruptedException e) {
      Thread.interrupted();
      throw (InterruptedException) e.getCause();
    }
  }

  @Override
  public void unlock() {
    Lease lease = holds.pop(lock.name());
    if (lease == null) {
      throw new IllegalMonitorStateException(
          "current thread does not hold lock '" + lock.name() + "'");
    }
    lease.close();
  }

  /** Distributed locks cannot offer conditions. */
  @Override
  public Condition newCondition() {
    throw new UnsupportedOperationException("distributed locks do not support conditions");
  }

  private void push(Lease lease) {
    holds.push(lock.name(), lease);
  }
}
