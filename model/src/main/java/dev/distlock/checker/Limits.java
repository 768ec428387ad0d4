package dev.distlock.checker;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What every partition search of one check shares: the deadline, the memory budget, and the stop
 * signal (a cancel handle, the caller's interrupt, or the first invalid key).
 */
final class Limits {
  /** Memory is reserved from the budget in steps of this many bytes. */
  static final long CHUNK = 256L << 10;

  static final String TIMEOUT = "timeout";
  static final String CANCELLED = "cancelled";
  static final String STOPPED = "stopped";
  static final String BUDGET = "memory-budget";
  static final String HEAP = "heap";
  static final String NOT_STARTED = "not-started";

  private final long deadline;
  private final boolean hasDeadline;
  private final long memoryLimit;
  private final Cancellation handle;
  private final Thread caller;
  private final AtomicLong reserved = new AtomicLong();
  private volatile String stopReason;

  Limits(long timeoutNanos, long memoryLimit, Cancellation handle, Thread caller) {
    this.hasDeadline = timeoutNanos > 0;
    this.deadline = System.nanoTime() + timeoutNanos;
    this.memoryLimit = memoryLimit;
    this.handle = handle;
    this.caller = caller;
  }

  /**
   * Why every search must stop now, or null to go on. Polls the cancel handle, and the interrupt
   * flag when called on the caller's thread.
   */
  String stopReason() {
    String r = stopReason;
    if (r != null) {
      return r;
    }
    if ((handle != null && handle.isCancelled())
        || (Thread.currentThread() == caller && caller.isInterrupted())) {
      stop(CANCELLED);
      return stopReason;
    }
    if (hasDeadline && System.nanoTime() - deadline > 0) {
      stop(TIMEOUT);
      return stopReason;
    }
    return null;
  }

  /** Stops every search; the first reason given wins. */
  synchronized void stop(String reason) {
    if (stopReason == null) {
      stopReason = reason;
    }
  }

  long memoryLimit() {
    return memoryLimit;
  }

  /** Reserves {@code bytes} more; false (and nothing reserved) if that would exceed the limit. */
  boolean reserve(long bytes) {
    long now = reserved.addAndGet(bytes);
    if (now > memoryLimit) {
      reserved.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  void release(long bytes) {
    reserved.addAndGet(-bytes);
  }
}
