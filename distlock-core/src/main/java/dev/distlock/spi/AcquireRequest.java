package dev.distlock.spi;

import java.time.Duration;
import java.util.Objects;

/**
 * One acquire attempt.
 *
 * @param name the lock name (validated)
 * @param owner a fresh 128-bit random owner id, unique to this acquisition
 * @param ttl the lease TTL
 * @param maxWait how long a backend that waits itself may wait; polling backends ignore it
 * @param events where a session-based backend reports suspension and loss of the lease later
 */
public record AcquireRequest(
    String name, String owner, Duration ttl, Duration maxWait, LeaseEvents events) {
  public AcquireRequest {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(ttl, "ttl");
    Objects.requireNonNull(maxWait, "maxWait");
    Objects.requireNonNull(events, "events");
  }
}
