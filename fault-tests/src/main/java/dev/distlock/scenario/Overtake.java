package dev.distlock.scenario;

import dev.distlock.client.Reply;
import dev.distlock.nemesis.Nemesis;
import dev.distlock.workload.Actor;
import dev.distlock.workload.Run;
import java.time.Duration;

/**
 * The shape every targeted scenario shares: a first client holds the lock and is midway through a
 * decrement (it has read the stock) when a fault strikes; a second client tries to take the lock
 * and, if it gets it, sells a unit; the fault heals; the first client finishes its decrement with
 * the stock it read before, and releases. Without the fault the second client's attempt times out
 * and it sells its unit after the first released.
 */
final class Overtake {
  /** When the nemesis starts. */
  enum When {
    /** Before the first client acquires (a split the clients act inside of). */
    BEFORE_ACQUIRE,
    /** While the first client holds the lock, between its read and its write. */
    WHILE_HELD
  }

  static final Duration WAIT = Duration.ofSeconds(5);

  private Overtake() {}

  static void play(Run run, Actor first, Actor second, Nemesis nemesis, When when, Duration wait) {
    if (when == When.BEFORE_ACQUIRE) {
      run.inject(nemesis);
    }
    require(first.acquire(WAIT), "the first client acquires");
    require(first.beginDecrement(), "the first client reads the stock");
    if (when == When.WHILE_HELD) {
      run.inject(nemesis);
    }
    Reply second1 = second.acquire(wait);
    if (second1 instanceof Reply.Ok) {
      second.decrement();
    }
    run.heal(nemesis);
    first.finishDecrement();
    first.release();
    if (second1 instanceof Reply.Ok) {
      second.release();
    } else {
      require(second.acquire(WAIT), "the second client acquires once the first released");
      second.decrement();
      second.release();
    }
  }

  /** Fails the scenario (not the property) when a step it relies on did not happen. */
  static Reply require(Reply r, String step) {
    if (!(r instanceof Reply.Ok)) {
      throw new IllegalStateException("scenario step failed: " + step + ": " + r);
    }
    return r;
  }
}
