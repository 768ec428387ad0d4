package dev.distlock;

/**
 * Base of the failures distlock reports. Unchecked, so try-with-resources stays readable; every
 * method documents which subclasses it throws.
 */
public abstract class LockException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  protected LockException(String message, Throwable cause) {
    super(message, cause);
  }
}
