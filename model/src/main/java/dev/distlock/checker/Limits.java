package dev.distlock.checker;

import java.util.concurrent.atomic.AtomicLong;

/** The deadline and memory budget shared by all partitions of one check. */
final class Limits {
  static final long CHUNK = 1L << 20;

  private final long deadline;
  private final boolean hasDeadline;
  private final long memoryLimit;
  private final AtomicLong reserved = new AtomicLong();
  private volatile boolean cancelled;

  Limits(long timeoutNanos, long memoryLimit) {
    this.hasDeadline = timeoutNanos > 0;
    this.deadline = System.nanoTime() + timeoutNanos;
    this.memoryLimit = memoryLimit;
  }

  boolean timeUp() {
    return cancelled || (hasDeadline && System.nanoTime() - deadline > 0);
  }

  void cancel() {
    cancelled = true;
  }

  boolean cancelled() {
    return cancelled;
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
