package dev.distlock;

/**
 * The backend could not be reached, timed out, or answered with an error. Whether the operation
 * took effect may be unknown; distlock never reports such an outcome as "acquired".
 */
public final class LockBackendException extends LockException {
  private static final long serialVersionUID = 1L;

  public LockBackendException(String message, Throwable cause) {
    super(message, cause);
  }
}
