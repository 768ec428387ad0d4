package dev.distlock.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.LockBackendException;
import dev.distlock.guard.FencedResource;
import dev.distlock.idempotency.IdempotencyGuard.Effect;
import dev.distlock.idempotency.IdempotencyGuard.Response;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

class IdempotencyGuardTest {
  private static final Duration LEASE = Duration.ofSeconds(2);
  private final AtomicLong now = new AtomicLong();
  private final IdempotencyStore store = IdempotencyStore.inMemory(now::get);
  private final IdempotencyGuard guard = IdempotencyGuard.create(store, LEASE, Duration.ofHours(1));
  private final FencedResource resource = FencedResource.inMemory();

  /** How many times each request's effect was applied: what the check counts. */
  private final Map<String, Integer> applied = new HashMap<>();

  /**
   * The fenced read-check-write: the request's key holds the fence of the attempt that applied it.
   * {@code between} runs after the check and before the write (where a pause would hit).
   */
  private Effect fencedEffect(String id, Runnable between) {
    return fence -> {
      OptionalLong done = resource.read("pay:" + id, fence);
      if (done.isPresent()) {
        return "receipt-" + done.getAsLong();
      }
      between.run();
      resource.write("pay:" + id, fence, fence);
      applied.merge(id, 1, Integer::sum);
      return "receipt-" + fence;
    };
  }

  /** The same effect checked against an unfenced map: the marker is the only protection. */
  private Effect unfencedEffect(String id, Map<String, Long> plain, Runnable between) {
    return fence -> {
      Long done = plain.get(id);
      if (done != null) {
        return "receipt-" + done;
      }
      between.run();
      plain.put(id, fence);
      applied.merge(id, 1, Integer::sum);
      return "receipt-" + fence;
    };
  }

  private void passLease() {
    now.addAndGet(LEASE.toNanos() + 1);
  }

  @Test
  void aDuplicateGetsTheStoredResult() {
    Response first = guard.submit("r1", fencedEffect("r1", () -> {}));
    Response second = guard.submit("r1", fencedEffect("r1", () -> {}));
    assertThat(first).isEqualTo(new Response.Done("receipt-1", true));
    assertThat(second).isEqualTo(new Response.Done("receipt-1", false));
    assertThat(applied).containsEntry("r1", 1);
  }

  @Test
  void aDuplicateWhileTheFirstRunsGetsInProgress() {
    AtomicReference<Response> duplicate = new AtomicReference<>();
    guard.submit(
        "r1", fencedEffect("r1", () -> duplicate.set(guard.submit("r1", f -> "never run"))));
    assertThat(duplicate.get()).isInstanceOf(Response.InProgress.class);
    assertThat(applied).containsEntry("r1", 1);
  }

  @Test
  void aClaimWhoseOwnerDiedRunsOutAndARetryRunsWithAHigherFence() {
    assertThat(store.begin("r1", "dead-owner", LEASE))
        .isEqualTo(new IdempotencyStore.Claim.Claimed(1));
    assertThat(guard.submit("r1", fencedEffect("r1", () -> {})))
        .isInstanceOf(Response.InProgress.class);
    passLease();
    assertThat(guard.submit("r1", fencedEffect("r1", () -> {})))
        .isEqualTo(new Response.Done("receipt-2", true));
  }

  /** The original pauses past its lease between check and write; the retry runs meanwhile. */
  @Test
  void aLateOriginalIsFencedOutAndTheEffectAppliesOnce() {
    AtomicReference<Response> retry = new AtomicReference<>();
    Response original =
        guard.submit(
            "r1",
            fencedEffect(
                "r1",
                () -> {
                  passLease();
                  retry.set(guard.submit("r1", fencedEffect("r1", () -> {})));
                }));
    assertThat(retry.get()).isEqualTo(new Response.Done("receipt-2", true));
    assertThat(original).isInstanceOf(Response.InProgress.class);
    assertThat(applied).containsEntry("r1", 1);
    assertThat(guard.submit("r1", f -> "never run"))
        .isEqualTo(new Response.Done("receipt-2", false));
  }

  /** The check can fail: with the marker but no fence, the same interleaving applies twice. */
  @Test
  void withoutTheFenceTheLateOriginalAppliesASecondTime() {
    Map<String, Long> plain = new HashMap<>();
    guard.submit(
        "r1",
        unfencedEffect(
            "r1",
            plain,
            () -> {
              passLease();
              guard.submit("r1", unfencedEffect("r1", plain, () -> {}));
            }));
    assertThat(applied).as("double application detected").containsEntry("r1", 2);
  }

  /** The original applied, then paused before storing its result; the retry finds it applied. */
  @Test
  void aRetryAfterTheOriginalAppliedReturnsTheSameResult() {
    AtomicReference<Response> retry = new AtomicReference<>();
    AtomicInteger calls = new AtomicInteger();
    Effect original =
        fence -> {
          String r = fencedEffect("r1", () -> {}).apply(fence);
          if (calls.incrementAndGet() == 1) {
            passLease();
            retry.set(guard.submit("r1", fencedEffect("r1", () -> {})));
          }
          return r;
        };
    Response first = guard.submit("r1", original);
    assertThat(retry.get()).isEqualTo(new Response.Done("receipt-1", true));
    assertThat(first).isEqualTo(new Response.Done("receipt-1", true));
    assertThat(applied).containsEntry("r1", 1);
  }

  @Test
  void anEffectThatAppliedNothingDropsTheClaim() {
    assertThatThrownBy(
            () ->
                guard.submit(
                    "r1",
                    f -> {
                      throw new IllegalStateException("card declined");
                    }))
        .hasMessage("card declined");
    assertThat(guard.submit("r1", fencedEffect("r1", () -> {})))
        .isEqualTo(new Response.Done("receipt-2", true));
  }

  @Test
  void anEffectThatMayHaveAppliedKeepsTheClaimUntilItsLeaseRunsOut() {
    assertThatThrownBy(
            () ->
                guard.submit(
                    "r1",
                    f -> {
                      throw new LockBackendException("timeout", null);
                    }))
        .isInstanceOf(LockBackendException.class);
    assertThat(guard.submit("r1", fencedEffect("r1", () -> {})))
        .isInstanceOf(Response.InProgress.class);
    passLease();
    assertThat(guard.submit("r1", fencedEffect("r1", () -> {})))
        .isEqualTo(new Response.Done("receipt-2", true));
  }

  @Test
  void badInputIsRejectedBeforeTheStore() {
    assertThatThrownBy(() -> guard.submit(" ", f -> "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> guard.submit("x".repeat(513), f -> "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IdempotencyGuard.create(store, Duration.ZERO, Duration.ofHours(1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(store.begin("x", "o", LEASE)).isEqualTo(new IdempotencyStore.Claim.Claimed(1));
  }
}
