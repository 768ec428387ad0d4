package dev.distlock.idempotency;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.LongSupplier;

/** {@link IdempotencyStore} in two maps; every operation holds the monitor, so each is atomic. */
final class InMemoryIdempotencyStore implements IdempotencyStore {
  private record Marker(boolean done, String owner, long fence, String result, long expiresAt) {}

  private final LongSupplier clock;
  private final Map<String, Marker> markers = new HashMap<>();
  private final Map<String, Long> fences = new HashMap<>();

  InMemoryIdempotencyStore(LongSupplier clock) {
    this.clock = Objects.requireNonNull(clock, "clock");
  }

  @Override
  public synchronized Claim begin(String requestId, String owner, Duration lease) {
    IdempotencyGuard.checkId(requestId);
    Objects.requireNonNull(owner, "owner");
    long now = clock.getAsLong();
    Marker m = live(requestId, now);
    if (m != null) {
      return m.done()
          ? new Claim.Done(m.result())
          : new Claim.Running(Duration.ofNanos(m.expiresAt() - now));
    }
    long fence = fences.merge(requestId, 1L, Long::sum);
    markers.put(requestId, new Marker(false, owner, fence, null, now + lease.toNanos()));
    return new Claim.Claimed(fence);
  }

  @Override
  public synchronized Optional<String> complete(
      String requestId, String owner, long fence, String result, Duration retention) {
    IdempotencyGuard.checkId(requestId);
    Objects.requireNonNull(result, "result");
    long now = clock.getAsLong();
    Marker m = live(requestId, now);
    if (m != null && m.done()) {
      return Optional.of(m.result());
    }
    boolean ours = m != null && m.owner().equals(owner) && m.fence() == fence;
    boolean unclaimedSince = m == null && fences.getOrDefault(requestId, 0L) == fence;
    if (!ours && !unclaimedSince) {
      return Optional.empty();
    }
    markers.put(requestId, new Marker(true, owner, fence, result, now + retention.toNanos()));
    return Optional.of(result);
  }

  @Override
  public synchronized void abandon(String requestId, String owner) {
    Marker m = live(requestId, clock.getAsLong());
    if (m != null && !m.done() && m.owner().equals(owner)) {
      markers.remove(requestId);
    }
  }

  private Marker live(String requestId, long now) {
    Marker m = markers.get(requestId);
    if (m != null && now - m.expiresAt() >= 0) {
      markers.remove(requestId);
      return null;
    }
    return m;
  }

  @Override
  public String toString() {
    return "IdempotencyStore[in-memory]";
  }
}
