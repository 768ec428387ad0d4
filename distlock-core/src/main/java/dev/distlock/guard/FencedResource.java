package dev.distlock.guard;

import java.util.OptionalLong;

/**
 * A store of named long values that only lets the current lock holder touch them. Each key keeps
 * the highest fencing token seen; an access with a lower token is rejected with {@link
 * StaleTokenException} and changes nothing, and every accepted access records its token.
 *
 * <p>Why reads are fenced too: with write-only fencing, a new holder (token 6) may read the value,
 * then an old holder (token 5) that still believes it holds the lock writes — accepted, since
 * nothing above 5 has been written yet — and then the new holder writes a result computed from its
 * earlier read, silently overwriting the old holder's acknowledged update. Recording the token on
 * the read closes that window: once token 6 has read, token 5 can neither read nor write. {@link
 * Fencing#WRITES_ONLY} exists to demonstrate the difference and must not be used to protect
 * anything.
 *
 * <p>Implementations: {@link #inMemory()} here; {@code dev.distlock.redis.RedisFencedResource} in
 * distlock-redis.
 *
 * <p>Each access is atomic on its own. Tokens must be non-negative. Implementations are
 * thread-safe.
 */
public interface FencedResource {

  /** Which accesses are checked against, and recorded into, the highest token. */
  enum Fencing {
    /** Every access (read and write) is checked and recorded: no lost update. */
    ACCESS,
    /** Only writes are checked and recorded: loses updates of read-modify-write. Unsafe. */
    WRITES_ONLY
  }

  /**
   * Reads {@code key}, recording {@code token} as seen (under {@link Fencing#ACCESS}).
   *
   * @return the value, or empty if never written
   * @throws StaleTokenException if a higher token was seen for {@code key}; nothing is recorded
   * @throws IllegalArgumentException if {@code token} is negative
   * @throws dev.distlock.LockBackendException if the store could not be reached (the access may or
   *     may not have been applied)
   */
  OptionalLong read(String key, long token);

  /**
   * Writes {@code value} to {@code key}, recording {@code token} as seen.
   *
   * @throws StaleTokenException if a higher token was seen for {@code key}; nothing is changed
   * @throws IllegalArgumentException if {@code token} is negative
   * @throws dev.distlock.LockBackendException if the store could not be reached (the write may or
   *     may not have been applied)
   */
  void write(String key, long value, long token);

  /** The highest token seen for {@code key}, or empty if none; not itself an access. */
  OptionalLong highestToken(String key);

  /** An in-memory resource with access fencing (tests, models, single-process use). */
  static FencedResource inMemory() {
    return new InMemoryFencedResource(Fencing.ACCESS);
  }

  /** An in-memory resource with the given fencing. */
  static FencedResource inMemory(Fencing fencing) {
    return new InMemoryFencedResource(fencing);
  }
}
