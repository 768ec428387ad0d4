package dev.distlock.spi;

import dev.distlock.Guarantees;

/**
 * The strategy one backend implements; the shared engine does everything else (the wait loop with
 * its deadline, random retry delays, the watchdog, loss detection, reentrancy). Implementations
 * must be thread-safe, must never block longer than their own per-request timeout (or the {@link
 * AcquireRequest#maxWait()} for backends that wait themselves), and must report every failure as a
 * result value, never as a silent success.
 */
public interface LockBackend extends AutoCloseable {

  /** A short, stable name for the lock type, e.g. {@code redis-single}. */
  String type();

  /** What locks on this backend guarantee. */
  Guarantees guarantees();

  /**
   * Tries to take the lock for {@code request.owner()}. A backend that polls makes one attempt; a
   * backend that can wait server-side (ZooKeeper) may wait up to {@code request.maxWait()}.
   */
  AcquireResult tryAcquire(AcquireRequest request);

  /**
   * Extends the lock if {@code owner} still holds it. Only called when {@link #renews()} is true.
   */
  RenewResult renew(String name, String owner, long ttlMillis);

  /**
   * Releases the lock if {@code owner} holds it; never touches another owner's lock.
   *
   * @throws dev.distlock.LockBackendException if the backend could not be reached
   */
  void release(String name, String owner);

  /**
   * Whether leases need the watchdog. TTL-based backends renew; session-based backends (ZooKeeper)
   * keep the lock as long as the session lives and report loss through {@link LeaseEvents}.
   */
  default boolean renews() {
    return true;
  }

  /**
   * For session-bound leases (acquired with validity {@link Long#MAX_VALUE}): how long a held lease
   * can still be trusted from now without further news from the backend, which {@link
   * dev.distlock.Lease#remainingValidity()} reports instead of an endless validity. The default,
   * zero, is the honest answer for a backend that cannot say.
   */
  default java.time.Duration sessionValidity() {
    return java.time.Duration.ZERO;
  }

  /**
   * Whether anyone holds the named lock now (one read, no side effect).
   *
   * @throws dev.distlock.LockBackendException if the backend could not be reached
   * @throws UnsupportedOperationException by default: the backend cannot tell
   */
  default boolean isLocked(String name) {
    throw new UnsupportedOperationException(type() + " cannot tell whether a lock is held");
  }

  /**
   * A waiter that wakes when the named lock may have been released. The default never wakes early,
   * so the engine falls back to its random retry delay.
   */
  default ReleaseWaiter waiter(String name) {
    return ReleaseWaiter.NONE;
  }

  /** Frees connections and threads. Idempotent. */
  @Override
  void close();
}
