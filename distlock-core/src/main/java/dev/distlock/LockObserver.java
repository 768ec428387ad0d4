package dev.distlock;

import java.time.Duration;

/**
 * Receives what the engine does, for metrics: acquire outcomes and their wait, each backend request
 * of an acquire, contention, failed renewals and lost leases. Set it with {@link
 * LockSettings.Builder#observer(LockObserver)}; {@code
 * dev.distlock.micrometer.MicrometerLockObserver} turns the calls into Micrometer meters.
 *
 * <p>Every method has a no-op default. Calls come on the acquiring thread (acquire events) or on
 * the client's watchdog thread (renewals, losses); they must be quick and must not block or call
 * back into the lock client. An exception thrown by an observer is logged and otherwise ignored: it
 * never changes a lock's outcome. {@code lockType} is the backend's {@code type()} (e.g. {@code
 * redis-single}); {@code lockName} is the user's lock name, which may be high-cardinality or
 * sensitive, so metrics should not tag by it unless asked.
 */
public interface LockObserver {
  /** Observes nothing. */
  LockObserver NONE = new LockObserver() {};

  /** How an acquire call ended. */
  enum Outcome {
    /** A lease was handed out. */
    ACQUIRED,
    /** The lock stayed busy for the whole wait. */
    TIMED_OUT,
    /** The backend failed on the last attempt (or the call was interrupted). */
    FAILED
  }

  /**
   * An acquire call ended.
   *
   * @param lockType the backend's type
   * @param lockName the lock name
   * @param outcome how it ended
   * @param waited time from the call to its end (local queueing, retries and requests included)
   */
  default void acquireEnded(String lockType, String lockName, Outcome outcome, Duration waited) {}

  /**
   * One acquire request to the backend returned (acquired, busy or failed).
   *
   * @param lockType the backend's type
   * @param lockName the lock name
   * @param latency the request's duration
   */
  default void acquireRequest(String lockType, String lockName, Duration latency) {}

  /**
   * An acquire call found the lock held by someone else; called at most once per call.
   *
   * @param lockType the backend's type
   * @param lockName the lock name
   */
  default void contended(String lockType, String lockName) {}

  /**
   * A renewal could not reach the backend (the lease stays valid until its deadline).
   *
   * @param lockType the backend's type
   * @param lockName the lock name
   */
  default void renewalFailed(String lockType, String lockName) {}

  /**
   * A lease was lost before its release (expired unrenewed, taken over, session gone).
   *
   * @param lockType the backend's type
   * @param lockName the lock name
   * @param reason the loss reason's name
   */
  default void leaseLost(String lockType, String lockName, String reason) {}
}
