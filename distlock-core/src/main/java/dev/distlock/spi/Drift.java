package dev.distlock.spi;

import java.time.Duration;

/**
 * The clock-drift allowance subtracted from a TTL before a holder relies on it: {@code ttl * 0.01 +
 * 2 ms}, as in the Redlock description. It covers clock rate differences between client and server,
 * not clock jumps.
 */
public final class Drift {
  private Drift() {}

  /** The allowance for {@code ttl}, in nanoseconds. */
  public static long allowanceNanos(Duration ttl) {
    return ttl.toNanos() / 100 + 2_000_000L;
  }

  /** {@code ttl} minus the drift allowance, in nanoseconds. */
  public static long validityNanos(Duration ttl) {
    return ttl.toNanos() - allowanceNanos(ttl);
  }
}
