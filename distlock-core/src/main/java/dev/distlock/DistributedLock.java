package dev.distlock;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.Lock;

/**
 * A named lock shared between processes.
 *
 * <p>Acquiring yields a {@link Lease}: the proof of ownership, with a fencing token that a {@code
 * FencedResource} uses to reject stale holders. The lock is reentrant per thread: a thread that
 * already holds it gets a view of the same lease (same token), and the lock is released when the
 * outermost lease is closed.
 *
 * <p>Every wait has a deadline. Instances are thread-safe.
 */
public interface DistributedLock {

  /** The lock's name, as given to {@link LockClient#lock(String)}. */
  String name();

  /**
   * Acquires the lock, waiting at most {@code wait}.
   *
   * @return the lease; close it to release the lock
   * @throws LockTimeoutException if the lock was not acquired within {@code wait}
   * @throws LockBackendException if the backend could not be reached or answered with an error
   *     during the whole wait (the cause is the last error)
   * @throws LeaseLostException if this thread holds a lease of this lock that is already lost
   * @throws LockInterruptedException if the thread was interrupted while waiting (the interrupt
   *     flag is set again)
   * @throws IllegalArgumentException if {@code wait} is negative
   */
  Lease acquire(Duration wait);

  /**
   * Tries to acquire the lock, waiting at most {@code wait} ({@link Duration#ZERO}: one attempt).
   *
   * @return the lease, or empty if another holder kept the lock for the whole wait
   * @throws LockBackendException if the backend could not be reached or answered with an error
   *     during the whole wait: an unreachable backend is never reported as "not acquired"
   * @throws LeaseLostException if this thread holds a lease of this lock that is already lost
   * @throws LockInterruptedException if the thread was interrupted while waiting
   * @throws IllegalArgumentException if {@code wait} is negative
   */
  Optional<Lease> tryAcquire(Duration wait);

  /**
   * Acquires the lock for a fixed term, waiting at most {@code wait}: the backend keeps it for
   * {@code leaseTime} and the watchdog does not renew it (Redisson's {@code lock(leaseTime)}). The
   * lease is valid for {@code leaseTime} minus the drift allowance from before the request, then
   * becomes lost (EXPIRED) unless closed first. A nested acquire by a thread that already holds the
   * lock only counts, keeping the first term.
   *
   * @return the lease; close it to release the lock early
   * @throws LockTimeoutException if the lock was not acquired within {@code wait}
   * @throws LockBackendException as {@link #acquire(Duration)}
   * @throws IllegalArgumentException if {@code wait} is negative or {@code leaseTime} is below
   *     {@link LockSettings#MIN_TTL}
   * @throws UnsupportedOperationException if the backend's leases last as long as a session
   *     (ZooKeeper), where a term does not apply
   */
  default Lease acquire(Duration wait, Duration leaseTime) {
    throw new UnsupportedOperationException(getClass().getName() + " has no per-acquire term");
  }

  /**
   * Asks the backend whether anyone (any client, this one included) holds the lock now. The answer
   * may be stale by the time it returns; never use it to decide to enter a critical section.
   *
   * @return true if the lock is held
   * @throws LockBackendException if the backend could not be reached
   * @throws UnsupportedOperationException if the backend cannot tell
   */
  default boolean isLocked() {
    throw new UnsupportedOperationException(getClass().getName() + " cannot tell");
  }

  /**
   * True if the current thread holds a lease of this lock that is still valid.
   *
   * <p>Local knowledge only: it makes no network call.
   */
  boolean isHeldByCurrentThread();

  /** What this lock guarantees, and under which faults each guarantee breaks. */
  Guarantees guarantees();

  /**
   * A {@link Lock} view for code written against {@code java.util.concurrent}. {@code unlock()}
   * releases the current thread's lease; conditions are not supported. Prefer {@link
   * #acquire(Duration)}: a {@code Lock} has no way to hand out the fencing token or report loss.
   */
  Lock asLock();
}
