package dev.distlock.checker;

/**
 * A cancel handle for {@link Checker#check(java.util.List, Cancellation)}: {@link #cancel()} from
 * any thread stops every partition's search (including the one on the calling thread) at its next
 * check, which comes every 1,024 search steps, and the check returns {@link Verdict#UNKNOWN} with
 * reason {@code cancelled} for the keys not decided by then. Interrupting the thread that called
 * {@code check} has the same effect (and its interrupt flag stays set).
 *
 * <p>Thread-safe; one handle may cancel several checks. Cancelling cannot be undone.
 */
public final class Cancellation {
  private volatile boolean cancelled;

  /** A handle not yet cancelled. */
  public Cancellation() {}

  /** Stops the checks using this handle; idempotent. */
  public void cancel() {
    cancelled = true;
  }

  /** Whether {@link #cancel()} was called. */
  public boolean isCancelled() {
    return cancelled;
  }
}
