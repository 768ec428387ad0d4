package dev.distlock;

import java.time.Duration;

/** The lock was held by someone else for the whole wait. */
public final class LockTimeoutException extends LockException {
  private static final long serialVersionUID = 1L;

  public LockTimeoutException(String lockName, Duration waited) {
    super("lock '" + lockName + "' not acquired within " + waited, null);
  }
}
