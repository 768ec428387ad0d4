package dev.distlock.idempotency;

import dev.distlock.LockBackendException;
import dev.distlock.guard.StaleTokenException;
import dev.distlock.spi.OwnerIds;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * Gives duplicate submissions of one request (double clicks, redelivered messages, client retries)
 * one effect (幂等). A request id maps to a marker in an {@link IdempotencyStore}: absent, running
 * (owner, claim fence, lease) or done (the stored result).
 *
 * <ul>
 *   <li>The first submission claims the id, runs the effect with the claim's fence and stores its
 *       result; a duplicate gets {@link Response.Done} with that stored result, or {@link
 *       Response.InProgress} while the first one runs.
 *   <li>A claim whose owner died runs out with its lease; a retry may then claim the id again, with
 *       a higher fence.
 *   <li><b>The fence is what makes that safe</b>: the effect must apply through a fenced resource
 *       (e.g. {@link dev.distlock.guard.FencedResource}) keyed by the request, as a fenced
 *       read-check-write — read whether the request was applied, apply only if not. Then a late
 *       original (paused past its lease) is rejected once the retry has read, and a retry that runs
 *       after the original applied finds it applied and only reconstructs the result. The marker
 *       alone is not enough: without the fence the late original applies a second time.
 * </ul>
 *
 * <p>Failure modes: an effect that outlives its lease may lose its claim (the fence then protects
 * the resource; the late attempt gets {@link Response.InProgress} or the newer result); a store
 * that loses its data forgets done markers and can repeat fences (see {@link IdempotencyStore}).
 * Thread-safe if the store is.
 */
public final class IdempotencyGuard {
  /** Longest request id, in UTF-8 bytes. */
  public static final int MAX_ID_BYTES = 512;

  /** The effect of a request, applied under the claim's fence. */
  @FunctionalInterface
  public interface Effect {
    /**
     * Applies the request if it was not applied yet, through a resource fenced by {@code fence},
     * and returns its result (the same result when it finds the request already applied).
     *
     * @throws StaleTokenException if the resource saw a newer attempt's fence: nothing applied
     * @throws LockBackendException if the resource could not be reached: may have applied
     * @throws RuntimeException anything else means nothing was applied
     */
    String apply(long fence);
  }

  /** What a submission got. */
  public sealed interface Response {
    /**
     * The request's result.
     *
     * @param executedHere true if this submission ran the effect, false for a stored result
     */
    record Done(String result, boolean executedHere) implements Response {}

    /** Another submission is running the request; ask again after {@code retryAfter}. */
    record InProgress(Duration retryAfter) implements Response {}
  }

  private final IdempotencyStore store;
  private final Duration lease;
  private final Duration retention;

  private IdempotencyGuard(IdempotencyStore store, Duration lease, Duration retention) {
    this.store = Objects.requireNonNull(store, "store");
    this.lease = positive(lease, "lease");
    this.retention = positive(retention, "retention");
  }

  /**
   * A guard over {@code store}.
   *
   * @param lease how long a claim lasts without completing: longer than the effect takes, short
   *     enough that a retry after a crash does not wait long
   * @param retention how long done results are kept (duplicates later than that run again)
   * @throws IllegalArgumentException if a duration is not positive
   */
  public static IdempotencyGuard create(
      IdempotencyStore store, Duration lease, Duration retention) {
    return new IdempotencyGuard(store, lease, retention);
  }

  /**
   * Submits request {@code requestId}.
   *
   * @throws IllegalArgumentException if the id is blank or longer than {@link #MAX_ID_BYTES}
   * @throws LockBackendException if the store could not be reached, or the effect failed in a way
   *     that may have applied it (the claim then runs out with its lease and a retry resolves it)
   * @throws RuntimeException what the effect threw when it applied nothing (the claim is dropped)
   */
  public Response submit(String requestId, Effect effect) {
    checkId(requestId);
    Objects.requireNonNull(effect, "effect");
    String owner = OwnerIds.next();
    IdempotencyStore.Claim claim = store.begin(requestId, owner, lease);
    if (claim instanceof IdempotencyStore.Claim.Done done) {
      return new Response.Done(done.result(), false);
    }
    if (claim instanceof IdempotencyStore.Claim.Running running) {
      return new Response.InProgress(running.remaining());
    }
    long fence = ((IdempotencyStore.Claim.Claimed) claim).fence();
    String result;
    try {
      result = Objects.requireNonNull(effect.apply(fence), "effect result");
    } catch (StaleTokenException overtaken) {
      // A newer attempt claimed the request after our lease ran out; it owns the outcome.
      return new Response.InProgress(lease);
    } catch (LockBackendException maybeApplied) {
      throw maybeApplied; // keep the claim: a retry after the lease finds out what happened
    } catch (RuntimeException nothingApplied) {
      store.abandon(requestId, owner);
      throw nothingApplied;
    }
    Optional<String> stored = store.complete(requestId, owner, fence, result, retention);
    // Empty: a newer attempt claimed the request after our effect; it will find the effect applied
    // and store the same result, so ours is the right answer already.
    return new Response.Done(stored.orElse(result), true);
  }

  /**
   * Checks a request id: not null, not blank, at most {@link #MAX_ID_BYTES} bytes in UTF-8.
   *
   * @throws IllegalArgumentException if it is blank or too long
   */
  public static void checkId(String requestId) {
    Objects.requireNonNull(requestId, "requestId");
    if (requestId.isBlank()) {
      throw new IllegalArgumentException("request id must not be blank");
    }
    int bytes = requestId.getBytes(StandardCharsets.UTF_8).length;
    if (bytes > MAX_ID_BYTES) {
      throw new IllegalArgumentException(
          "request id is " + bytes + " bytes in UTF-8, at most " + MAX_ID_BYTES + " allowed");
    }
  }

  private static Duration positive(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.isNegative() || d.isZero()) {
      throw new IllegalArgumentException(what + " must be positive, got " + d);
    }
    return d;
  }
}
