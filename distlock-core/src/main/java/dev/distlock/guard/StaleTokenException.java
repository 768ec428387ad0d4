package dev.distlock.guard;

import dev.distlock.LockException;

/**
 * An access carried a fencing token lower than one the resource has already seen: the caller's
 * lease was overtaken by a newer holder. Nothing was changed or recorded. The caller must stop
 * acting on what it believes it holds.
 */
public final class StaleTokenException extends LockException {
  private static final long serialVersionUID = 1L;

  private final String key;
  private final long token;
  private final long highest;

  /**
   * @param key the resource key accessed
   * @param token the rejected token
   * @param highest the highest token the resource had seen for the key
   */
  public StaleTokenException(String key, long token, long highest) {
    super(
        "stale fencing token " + token + " for '" + key + "': the resource has seen " + highest,
        null);
    this.key = key;
    this.token = token;
    this.highest = highest;
  }

  /** The resource key the access was for. */
  public String key() {
    return key;
  }

  /** The rejected token. */
  public long token() {
    return token;
  }

  /** The highest token the resource had seen when it rejected the access. */
  public long highest() {
    return highest;
  }
}
