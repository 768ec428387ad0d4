package dev.distlock.cluster;

import java.time.Duration;

/**
 * Scales the harness's timeouts for slow machines, like Curator's {@code Timing}.
 *
 * <p>The factor comes from the system property {@code distlock.timing.factor} (a positive decimal,
 * default {@code 1.0}); a loaded CI machine can run with {@code -Ddistlock.timing.factor=3}. Only
 * deadlines are scaled, never the durations a test injects as faults (a 120 s clock jump stays 120
 * s). Thread-safe and stateless.
 */
public final class Timing {
  /** The system property that holds the factor. */
  public static final String FACTOR_PROPERTY = "distlock.timing.factor";

  private Timing() {}

  /**
   * Returns the current factor.
   *
   * @return the factor, at least {@code 1e-3}
   * @throws IllegalStateException if the property is set but is not a positive number
   */
  public static double factor() {
    String raw = System.getProperty(FACTOR_PROPERTY);
    if (raw == null || raw.isBlank()) {
      return 1.0;
    }
    try {
      double f = Double.parseDouble(raw.trim());
      if (!(f > 0) || Double.isInfinite(f)) {
        throw new IllegalStateException(FACTOR_PROPERTY + " must be a positive number: " + raw);
      }
      return Math.max(f, 1e-3);
    } catch (NumberFormatException e) {
      throw new IllegalStateException(FACTOR_PROPERTY + " must be a positive number: " + raw, e);
    }
  }

  /**
   * Scales a deadline by {@link #factor()}.
   *
   * @param base the deadline on a normal machine; must not be negative
   * @return {@code base * factor()}, rounded to milliseconds
   * @throws IllegalArgumentException if {@code base} is negative
   */
  public static Duration scaled(Duration base) {
    if (base.isNegative()) {
      throw new IllegalArgumentException("negative duration: " + base);
    }
    return Duration.ofMillis(Math.round(base.toMillis() * factor()));
  }

  /**
   * Scales a deadline given in seconds.
   *
   * @param seconds the deadline on a normal machine, in seconds
   * @return the scaled deadline
   * @throws IllegalArgumentException if {@code seconds} is negative
   */
  public static Duration seconds(long seconds) {
    return scaled(Duration.ofSeconds(seconds));
  }
}
