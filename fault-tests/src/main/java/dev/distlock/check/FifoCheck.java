package dev.distlock.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.OptionalLong;

/**
 * The fair lock's order check over a recorded history: among live waiters, a waiter that was
 * definitely queued before another one started waiting must be granted first. "Definitely before":
 * its queue entry was observed (or its enqueue completed) before the other's acquire was invoked.
 * Grant order is fencing-token order (the server's own sequence of grants). Waiters that were not
 * live (paused, killed, cut off: the lock may evict them) and waiters that were never granted are
 * not compared.
 */
public final class FifoCheck {
  private FifoCheck() {}

  /**
   * One waiter's wait.
   *
   * @param waiter a name for reports
   * @param invokedAt when its acquire was invoked (any monotonic clock shared by the history)
   * @param enqueuedAt when it was known to be queued (at or after {@code invokedAt})
   * @param token its fencing token if it was granted
   * @param live false if a fault hit this waiter while it waited
   */
  public record Wait(
      String waiter, long invokedAt, long enqueuedAt, OptionalLong token, boolean live) {
    public Wait {
      Objects.requireNonNull(waiter, "waiter");
      Objects.requireNonNull(token, "token");
      if (enqueuedAt < invokedAt) {
        throw new IllegalArgumentException("enqueued before invoked: " + waiter);
      }
    }
  }

  /**
   * Checks.
   *
   * @return one line per pair granted out of arrival order (empty: FIFO held)
   */
  public static List<String> check(List<Wait> waits) {
    List<String> violations = new ArrayList<>();
    for (Wait a : waits) {
      for (Wait b : waits) {
        if (a == b || !a.live() || !b.live() || a.token().isEmpty() || b.token().isEmpty()) {
          continue;
        }
        boolean aFirst = a.enqueuedAt() < b.invokedAt();
        if (aFirst && a.token().getAsLong() > b.token().getAsLong()) {
          violations.add(
              b.waiter()
                  + " (token "
                  + b.token().getAsLong()
                  + ") was granted before "
                  + a.waiter()
                  + " (token "
                  + a.token().getAsLong()
                  + "), which was queued before "
                  + b.waiter()
                  + " started waiting");
        }
      }
    }
    return violations;
  }

  /** How many pairs of live, granted waiters had a definite arrival order (non-triviality). */
  public static int orderedPairs(List<Wait> waits) {
    int n = 0;
    for (Wait a : waits) {
      for (Wait b : waits) {
        if (a != b
            && a.live()
            && b.live()
            && a.token().isPresent()
            && b.token().isPresent()
            && a.enqueuedAt() < b.invokedAt()) {
          n++;
        }
      }
    }
    return n;
  }
}
