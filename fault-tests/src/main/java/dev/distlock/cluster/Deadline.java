package dev.distlock.cluster;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Supplier;

/** Polling with a deadline: every wait in the harness goes through here. */
final class Deadline {
  private static final Duration POLL = Duration.ofMillis(50);

  private Deadline() {}

  /**
   * Polls {@code condition} until it returns true or {@code timeout} has passed. Exceptions from
   * the condition count as "not yet" and the last one becomes the cause of the failure, except a
   * {@link HarnessException}, which ends the wait at once.
   *
   * @throws HarnessException naming {@code what} when the deadline passes
   */
  static void await(String what, Duration timeout, Callable<Boolean> condition) {
    await(what, timeout, condition, () -> "");
  }

  static void await(
      String what, Duration timeout, Callable<Boolean> condition, Supplier<String> detail) {
    long end = System.nanoTime() + timeout.toNanos();
    Exception last = null;
    while (true) {
      try {
        if (Boolean.TRUE.equals(condition.call())) {
          return;
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HarnessException("interrupted while waiting for " + what, e);
      } catch (HarnessException e) {
        throw e; // the condition knows it can never become true (e.g. the process exited)
      } catch (Exception e) {
        last = e;
      }
      if (System.nanoTime() - end >= 0) {
        String extra = detail.get();
        throw new HarnessException(
            "gave up after "
                + timeout.toMillis()
                + " ms waiting for "
                + what
                + (extra.isEmpty() ? "" : "; " + extra),
            last);
      }
      try {
        Thread.sleep(POLL.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new HarnessException("interrupted while waiting for " + what, e);
      }
    }
  }
}
