package dev.distlock.internal;

import dev.distlock.LockSettings;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;

/** Input validation shared by every lock, done before any network call. */
final class Checks {
  private Checks() {}

  /**
   * Returns {@code name} if it is a usable lock name.
   *
   * @throws NullPointerException if null
   * @throws IllegalArgumentException if blank or longer than {@link LockSettings#MAX_NAME_BYTES}
   *     bytes in UTF-8
   */
  static String lockName(String name) {
    Objects.requireNonNull(name, "lock name must not be null");
    if (name.isBlank()) {
      throw new IllegalArgumentException("lock name must not be empty or blank");
    }
    int bytes = name.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > LockSettings.MAX_NAME_BYTES) {
      throw new IllegalArgumentException(
          "lock name is " + bytes + " bytes in UTF-8; the limit is " + LockSettings.MAX_NAME_BYTES);
    }
    return name;
  }

  /**
   * Returns {@code wait} if it is a usable wait.
   *
   * @throws NullPointerException if null
   * @throws IllegalArgumentException if negative
   */
  static Duration waitTime(Duration wait) {
    Objects.requireNonNull(wait, "wait must not be null");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait must not be negative, got " + wait);
    }
    return wait;
  }

  /** {@code d} in nanoseconds, saturating at {@link Long#MAX_VALUE} instead of overflowing. */
  static long saturatedNanos(Duration d) {
    try {
      return d.toNanos();
    } catch (ArithmeticException overflow) {
      return d.isNegative() ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  /** {@code a + b} for a timestamp plus a non-negative duration, saturating instead of wrapping. */
  static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }
}
