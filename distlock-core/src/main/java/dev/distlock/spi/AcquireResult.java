package dev.distlock.spi;

import dev.distlock.LockBackendException;
import java.time.Duration;

/** The outcome of one acquire attempt. */
public sealed interface AcquireResult {

  /**
   * Acquired.
   *
   * @param token the fencing token of this acquisition
   * @param validityNanos how long the holder may believe it holds the lock, measured from the
   *     moment before the request was sent, after subtracting any drift allowance; {@link
   *     Long#MAX_VALUE} for session-based backends
   */
  record Acquired(long token, long validityNanos) implements AcquireResult {}

  /**
   * Someone else holds the lock.
   *
   * @param retryAfter a hint: when the holder's lease would expire if not renewed
   */
  record Busy(Duration retryAfter) implements AcquireResult {}

  /**
   * The backend failed.
   *
   * @param cause what went wrong
   * @param maybeApplied true if the request may have taken effect (a timeout after sending); the
   *     engine then releases this owner's entry, best effort
   */
  record Unavailable(LockBackendException cause, boolean maybeApplied) implements AcquireResult {}
}
