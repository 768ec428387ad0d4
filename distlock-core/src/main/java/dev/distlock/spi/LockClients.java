package dev.distlock.spi;

import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.internal.BackendLockClient;
import java.util.function.LongSupplier;

/**
 * Turns a {@link LockBackend} into a {@link LockClient}: the entry point for a backend written
 * outside distlock. The client adds everything a backend does not do itself: argument checks, the
 * acquire loop with its deadline and random retry delays, the watchdog, loss detection, per-thread
 * reentrancy and the {@code java.util.concurrent.locks.Lock} adapter. Closing the client closes the
 * backend.
 *
 * <pre>{@code
 * LockClient locks = LockClients.create(new MyBackend(...), LockSettings.defaults());
 * }</pre>
 */
public final class LockClients {
  private LockClients() {}

  /** A client over {@code backend} with the given settings, on the system monotonic clock. */
  public static LockClient create(LockBackend backend, LockSettings settings) {
    return BackendLockClient.create(backend, settings, System::nanoTime);
  }

  /**
   * As {@link #create(LockBackend, LockSettings)} with an injected monotonic clock in nanoseconds
   * (tests that move time by hand). The clock must never go backwards.
   */
  public static LockClient create(LockBackend backend, LockSettings settings, LongSupplier clock) {
    return BackendLockClient.create(backend, settings, clock);
  }
}
