package dev.distlock;

/**
 * The caller relied on a lease that is lost. Thrown by a reentrant acquire on a thread whose outer
 * lease was lost: the thread must close that lease before acquiring again.
 */
public final class LeaseLostException extends LockException {
  private static final long serialVersionUID = 1L;

  public LeaseLostException(String message) {
    super(message, null);
  }
}
