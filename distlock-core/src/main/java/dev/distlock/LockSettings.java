package dev.distlock;

import dev.distlock.spi.Drift;
import java.time.Duration;
import java.util.Objects;

/**
 * How locks behave over time: lease TTL, watchdog renewal, and retry delays. Immutable; build with
 * {@link #builder()}. Defaults follow the ecosystem (Redisson): TTL 30 s, renewal every TTL/3,
 * random retry delay between 5 and 50 ms when no release notification arrives.
 *
 * @param ttl how long the backend keeps a lock without renewal
 * @param watchdog whether leases are renewed until released; without it a lease simply expires
 *     after {@code ttl}
 * @param renewInterval time between renewals (default {@code ttl/3})
 * @param retryMin smallest random delay between acquire attempts
 * @param retryMax largest random delay between acquire attempts
 * @param observer receives acquire, renewal and loss events, for metrics (default {@link
 *     LockObserver#NONE})
 */
public record LockSettings(
    Duration ttl,
    boolean watchdog,
    Duration renewInterval,
    Duration retryMin,
    Duration retryMax,
    LockObserver observer) {

  /** The longest lock name accepted, in UTF-8 bytes. */
  public static final int MAX_NAME_BYTES = 512;

  /** The shortest TTL accepted: below it, drift allowance and round trips eat the whole lease. */
  public static final Duration MIN_TTL = Duration.ofMillis(50);

  /** Defaults: TTL 30 s, watchdog on, renewal every 10 s, retry delay 5–50 ms. */
  public static LockSettings defaults() {
    return builder().build();
  }

  /** Settings without an observer (the form before observers existed). */
  public LockSettings(
      Duration ttl,
      boolean watchdog,
      Duration renewInterval,
      Duration retryMin,
      Duration retryMax) {
    this(ttl, watchdog, renewInterval, retryMin, retryMax, LockObserver.NONE);
  }

  public LockSettings {
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(observer, "observer");
    Objects.requireNonNull(renewInterval, "renewInterval");
    Objects.requireNonNull(retryMin, "retryMin");
    Objects.requireNonNull(retryMax, "retryMax");
    if (ttl.compareTo(MIN_TTL) < 0) {
      throw new IllegalArgumentException("ttl must be at least " + MIN_TTL + ", got " + ttl);
    }
    if (renewInterval.isNegative() || renewInterval.isZero() || renewInterval.compareTo(ttl) >= 0) {
      throw new IllegalArgumentException(
          "renewInterval must be positive and shorter than ttl " + ttl + ", got " + renewInterval);
    }
    // A lease is believed for ttl minus the drift allowance; a renewal due after that would
    // always come too late. (Backends add their request timeout to this check.)
    Duration validity = Duration.ofNanos(Drift.validityNanos(ttl));
    if (renewInterval.compareTo(validity) >= 0) {
      throw new IllegalArgumentException(
          "renewInterval "
              + renewInterval
              + " leaves no time to renew: it must be shorter than the validity "
              + validity
              + " (ttl "
              + ttl
              + " minus the drift allowance)");
    }
    if (retryMin.isNegative() || retryMax.compareTo(retryMin) < 0) {
      throw new IllegalArgumentException(
          "retry delays must satisfy 0 <= retryMin <= retryMax, got " + retryMin + ".." + retryMax);
    }
  }

  /** A builder starting from the defaults. */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * A builder starting from these settings. A renewal interval that was the default (TTL/3) stays
   * the default, so it follows a new TTL.
   */
  public Builder toBuilder() {
    Builder b = new Builder();
    b.ttl = ttl;
    b.watchdog = watchdog;
    // A default renewal follows the TTL: changing only the TTL must keep renewing at TTL/3.
    b.renewInterval = renewInterval.equals(ttl.dividedBy(3)) ? null : renewInterval;
    b.retryMin = retryMin;
    b.retryMax = retryMax;
    b.observer = observer;
    return b;
  }

  /** Builds {@link LockSettings}; validation happens in {@link #build()}. Not thread-safe. */
  public static final class Builder {
    private Duration ttl = Duration.ofSeconds(30);
    private boolean watchdog = true;
    private Duration renewInterval;
    private Duration retryMin = Duration.ofMillis(5);
    private Duration retryMax = Duration.ofMillis(50);
    private LockObserver observer = LockObserver.NONE;

    private Builder() {}

    /** Receives acquire, renewal and loss events, e.g. a Micrometer binding (default none). */
    public Builder observer(LockObserver observer) {
      this.observer = Objects.requireNonNull(observer, "observer");
      return this;
    }

    /** Lease TTL on the backend; renewal defaults to a third of it. */
    public Builder ttl(Duration ttl) {
      this.ttl = Objects.requireNonNull(ttl, "ttl");
      return this;
    }

    /** Whether to renew leases until released (default true). */
    public Builder watchdog(boolean watchdog) {
      this.watchdog = watchdog;
      return this;
    }

    /** Time between renewals (default TTL/3). */
    public Builder renewInterval(Duration renewInterval) {
      this.renewInterval = Objects.requireNonNull(renewInterval, "renewInterval");
      return this;
    }

    /** Random delay between acquire attempts, drawn uniformly from {@code [min, max]}. */
    public Builder retryDelay(Duration min, Duration max) {
      this.retryMin = Objects.requireNonNull(min, "min");
      this.retryMax = Objects.requireNonNull(max, "max");
      return this;
    }

    /**
     * @throws IllegalArgumentException if a value is out of range (TTL below {@link #MIN_TTL},
     *     renewal not shorter than TTL, negative retry delays)
     */
    public LockSettings build() {
      Duration renew = renewInterval != null ? renewInterval : ttl.dividedBy(3);
      return new LockSettings(ttl, watchdog, renew, retryMin, retryMax, observer);
    }
  }
}
