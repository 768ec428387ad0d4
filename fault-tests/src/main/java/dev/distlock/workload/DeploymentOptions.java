package dev.distlock.workload;

import java.time.Duration;

/**
 * How a {@link Deployment} runs its servers and clients. Short times keep targeted scenarios in
 * seconds: a fault lasts a few TTLs.
 *
 * @param ttl lease TTL of the Redis locks
 * @param watchdog whether clients renew their leases
 * @param requestTimeout per-request timeout of clients to a Redis node
 * @param sessionTimeout ZooKeeper session timeout
 * @param persistent redis lock servers run with {@code appendfsync always} (the crash control)
 * @param clockShift redis lock servers run with the clock-shift library (for clock jumps)
 */
public record DeploymentOptions(
    Duration ttl,
    boolean watchdog,
    Duration requestTimeout,
    Duration sessionTimeout,
    boolean persistent,
    boolean clockShift) {

  /**
   * Returns the defaults for targeted scenarios: TTL 1.5 s with the watchdog, 250 ms requests, 2 s
   * ZooKeeper sessions, no persistence, no clock shift.
   *
   * @return the defaults
   */
  public static DeploymentOptions defaults() {
    return new DeploymentOptions(
        Duration.ofMillis(1500), true, Duration.ofMillis(250), Duration.ofSeconds(2), false, false);
  }

  /**
   * Returns a copy with another TTL.
   *
   * @param value the TTL
   * @return the copy
   */
  public DeploymentOptions withTtl(Duration value) {
    return new DeploymentOptions(
        value, watchdog, requestTimeout, sessionTimeout, persistent, clockShift);
  }

  /**
   * Returns a copy with the watchdog on or off.
   *
   * @param value whether leases are renewed
   * @return the copy
   */
  public DeploymentOptions withWatchdog(boolean value) {
    return new DeploymentOptions(
        ttl, value, requestTimeout, sessionTimeout, persistent, clockShift);
  }

  /**
   * Returns a copy with persistence on or off.
   *
   * @param value whether lock servers use {@code appendfsync always}
   * @return the copy
   */
  public DeploymentOptions withPersistence(boolean value) {
    return new DeploymentOptions(ttl, watchdog, requestTimeout, sessionTimeout, value, clockShift);
  }

  /**
   * Returns a copy with the clock-shift library on or off.
   *
   * @param value whether lock servers can jump their clocks
   * @return the copy
   */
  public DeploymentOptions withClockShift(boolean value) {
    return new DeploymentOptions(ttl, watchdog, requestTimeout, sessionTimeout, persistent, value);
  }
}
