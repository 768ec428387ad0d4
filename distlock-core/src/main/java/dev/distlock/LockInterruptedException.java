package dev.distlock;

/** The waiting thread was interrupted; its interrupt flag is set again before this is thrown. */
public final class LockInterruptedException extends LockException {
  private static final long serialVersionUID = 1L;

  public LockInterruptedException(String lockName, InterruptedException cause) {
    super("interrupted while waiting for lock '" + lockName + "'", cause);
  }
}
