package dev.distlock;

import java.time.Duration;
import java.util.function.Consumer;

/**
 * Proof that the holder acquired a lock, and for how long it may believe so.
 *
 * <p>The validity deadline is measured on the local monotonic clock from <em>before</em> the
 * acquire request was sent, minus the backend's allowance for clock drift, so it never ends later
 * than the server-side expiry would (under the fault model the lock type states in its {@link
 * Guarantees}). The watchdog moves it forward on every successful renewal.
 *
 * <p>Believing is not enough: a process can pause after checking {@link #isValid()}. Pass {@link
 * #fencingToken()} to the protected resource so it can reject a holder that was overtaken.
 *
 * <p>Closing releases the lock if it is still ours; it never deletes another holder's lock.
 * Thread-safe.
 */
public interface Lease extends AutoCloseable {

  /** The name of the lock this lease is for. */
  String lockName();

  /**
   * The fencing token: larger for every later acquisition of this lock name, where the lock type
   * promises that (see {@link Guarantees} for the faults that break it).
   */
  long fencingToken();

  /**
   * True while the lease is held: not released, not lost, not suspended, and the local validity
   * deadline has not passed. Makes no network call.
   */
  boolean isValid();

  /** Validity left on the local monotonic clock; zero or negative once it has run out. */
  Duration remainingValidity();

  /** The current state of this lease. */
  LeaseState state();

  /**
   * Registers a listener called once when the lease is lost (renewal found another owner, could not
   * reach the backend before the deadline, or the backend reported the session gone), at most one
   * watchdog tick after the validity deadline. If the lease is already lost the listener runs soon.
   * Listeners run on the client's {@code distlock-listener-*} threads: never on the caller's
   * thread, the watchdog's, or a driver's event thread (ZooKeeper's, Curator's), and a listener
   * that blocks delays no other. Not called on an orderly release.
   */
  void onLost(Consumer<LossReason> listener);

  /**
   * Releases the lock if it is still ours (compare-and-delete on the backend) and stops renewal.
   * Idempotent. On a lost lease it still asks the backend to delete our own entry, which never
   * touches a newer holder's.
   *
   * @throws LockBackendException if the backend could not be reached; the lock then expires on its
   *     own at the end of its TTL
   */
  @Override
  void close();

  /** Where a lease stands. */
  enum LeaseState {
    /** Held and renewed. */
    HELD,
    /** The connection to the backend is in doubt; not valid until it recovers. */
    SUSPENDED,
    /** Lost: another client may hold the lock now. Final. */
    LOST,
    /** Released by its holder. Final. */
    RELEASED
  }

  /** Why a lease was lost. */
  enum LossReason {
    /** The backend no longer has our entry, or it belongs to someone else. */
    OWNER_CHANGED,
    /** The validity deadline passed before a renewal got through. */
    EXPIRED,
    /** The backend reported the session gone (ZooKeeper session expiry, connection LOST). */
    SESSION_LOST,
    /** The lock client was closed while the lease was held. */
    CLIENT_CLOSED
  }
}
