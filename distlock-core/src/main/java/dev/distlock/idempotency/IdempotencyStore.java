package dev.distlock.idempotency;

import java.time.Duration;
import java.util.Optional;
import java.util.function.LongSupplier;

/**
 * Where {@link IdempotencyGuard} keeps one marker per request id: absent, <i>running</i> (an owner,
 * a claim fence and a lease) or <i>done</i> (the stored result). Each operation is atomic on its
 * own. Implementations: {@link #inMemory()} here; {@code dev.distlock.redis.RedisIdempotencyStore}
 * in distlock-redis (one Lua script per operation).
 *
 * <p>The claim fence of a request id grows with every claim of it and never repeats while the store
 * keeps its data: an attempt whose marker expired and was claimed again holds a lower fence than
 * the new claimant, so a resource fenced by it rejects the late attempt. A store that loses its
 * data (crash-restart without persistence) can repeat fences and forget done markers; that breaks
 * exactly-once, as it breaks the Redis locks' token order.
 */
public interface IdempotencyStore {

  /** What {@link #begin} found or did. */
  sealed interface Claim {
    /** The caller now owns the request id with this fence, until its lease runs out. */
    record Claimed(long fence) implements Claim {}

    /** Another attempt owns it; its lease has {@code remaining} left. */
    record Running(Duration remaining) implements Claim {}

    /** The request was completed earlier with {@code result}. */
    record Done(String result) implements Claim {}
  }

  /**
   * Claims {@code requestId} for {@code owner} unless it is running (lease not yet out) or done.
   *
   * @throws dev.distlock.LockBackendException if the store could not be reached (the claim may have
   *     been made; it then runs out with its lease)
   */
  Claim begin(String requestId, String owner, Duration lease);

  /**
   * Stores {@code result} as the request's outcome if {@code owner} still holds the claim with
   * {@code fence}, or its marker ran out and nobody claimed the request since (the fence is still
   * the latest). Done markers are kept for {@code retention}.
   *
   * @return the request's stored result: {@code result}, or an earlier attempt's if the request was
   *     already done; empty if a newer attempt holds the request
   * @throws dev.distlock.LockBackendException if the store could not be reached
   */
  Optional<String> complete(
      String requestId, String owner, long fence, String result, Duration retention);

  /**
   * Drops {@code owner}'s running marker, so a retry may run at once. Only for an attempt that
   * applied nothing. Does nothing if the marker is not {@code owner}'s.
   *
   * @throws dev.distlock.LockBackendException if the store could not be reached
   */
  void abandon(String requestId, String owner);

  /** An in-memory store on the system monotonic clock (tests, single-process use). */
  static IdempotencyStore inMemory() {
    return new InMemoryIdempotencyStore(System::nanoTime);
  }

  /** An in-memory store on the given monotonic clock in nanoseconds (tests that move time). */
  static IdempotencyStore inMemory(LongSupplier clock) {
    return new InMemoryIdempotencyStore(clock);
  }
}
