package dev.distlock.micrometer;

import dev.distlock.LockObserver;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.Locale;
import java.util.Objects;

/**
 * A {@link LockObserver} that records Micrometer meters, tagged by {@code lock.type} (the backend,
 * e.g. {@code redis-single}) and, only when {@link #tagLockNames()} is asked for, {@code lock.name}
 * (lock names can be unbounded in number or carry user data):
 *
 * <ul>
 *   <li>{@code distlock.acquire} timer, tag {@code outcome} (acquired, timed_out, failed): the time
 *       each acquire call waited, retries and local queueing included;
 *   <li>{@code distlock.acquire.request} timer: the latency of each acquire request to the backend;
 *   <li>{@code distlock.acquire.contended} counter: acquire calls that found the lock held;
 *   <li>{@code distlock.renewals.failed} counter: renewals that could not reach the backend;
 *   <li>{@code distlock.leases.lost} counter, tag {@code reason}: leases lost before release.
 * </ul>
 *
 * <pre>{@code
 * LockSettings settings = LockSettings.builder().observer(MicrometerLockObserver.of(registry)).build();
 * LockClient locks = RedisLocks.single(node, settings);
 * }</pre>
 *
 * <p>Immutable and thread-safe; meters are registered lazily on first use (Micrometer caches them).
 */
public final class MicrometerLockObserver implements LockObserver {
  private final MeterRegistry registry;
  private final boolean byName;

  private MicrometerLockObserver(MeterRegistry registry, boolean byName) {
    this.registry = registry;
    this.byName = byName;
  }

  /**
   * An observer recording into {@code registry}, tagged by lock type only.
   *
   * @param registry the registry
   * @return the observer
   */
  public static MicrometerLockObserver of(MeterRegistry registry) {
    return new MicrometerLockObserver(Objects.requireNonNull(registry, "registry"), false);
  }

  /**
   * Returns an observer that also tags every meter with {@code lock.name}. Use only with a small,
   * fixed set of lock names that may appear in monitoring.
   *
   * @return a new observer on the same registry
   */
  public MicrometerLockObserver tagLockNames() {
    return new MicrometerLockObserver(registry, true);
  }

  private Tags tags(String type, String name) {
    Tags t = Tags.of("lock.type", type);
    return byName ? t.and("lock.name", name) : t;
  }

  @Override
  public void acquireEnded(String lockType, String lockName, Outcome outcome, Duration waited) {
    Timer.builder("distlock.acquire")
        .description("time an acquire call waited, by outcome")
        .tags(tags(lockType, lockName).and("outcome", outcome.name().toLowerCase(Locale.ROOT)))
        .register(registry)
        .record(waited);
  }

  @Override
  public void acquireRequest(String lockType, String lockName, Duration latency) {
    Timer.builder("distlock.acquire.request")
        .description("latency of one acquire request to the backend")
        .tags(tags(lockType, lockName))
        .register(registry)
        .record(latency);
  }

  @Override
  public void contended(String lockType, String lockName) {
    Counter.builder("distlock.acquire.contended")
        .description("acquire calls that found the lock held by someone else")
        .tags(tags(lockType, lockName))
        .register(registry)
        .increment();
  }

  @Override
  public void renewalFailed(String lockType, String lockName) {
    Counter.builder("distlock.renewals.failed")
        .description("renewals that could not reach the backend")
        .tags(tags(lockType, lockName))
        .register(registry)
        .increment();
  }

  @Override
  public void leaseLost(String lockType, String lockName, String reason) {
    Counter.builder("distlock.leases.lost")
        .description("leases lost before their release")
        .tags(tags(lockType, lockName).and("reason", reason.toLowerCase(Locale.ROOT)))
        .register(registry)
        .increment();
  }

  @Override
  public String toString() {
    return "MicrometerLockObserver[" + registry.getClass().getSimpleName() + "]";
  }
}
