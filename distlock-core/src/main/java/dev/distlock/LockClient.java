package dev.distlock;

/**
 * Entry point to one lock backend: hands out {@link DistributedLock}s by name and owns the shared
 * resources behind them (connections, the renewal scheduler, the release listener).
 *
 * <p>Thread-safe. Closing the client stops renewal of every lease it handed out (those leases are
 * then lost once their validity runs out) and frees its connections and threads.
 */
public interface LockClient extends AutoCloseable {

  /**
   * Returns the lock with this name. Two locks with the same name, from this client or any other
   * client of the same backend, exclude each other; the same lock object is reentrant per thread.
   *
   * @throws IllegalArgumentException if the name is empty, blank or longer than {@link
   *     LockSettings#MAX_NAME_BYTES} bytes in UTF-8
   * @throws NullPointerException if the name is null
   * @throws IllegalStateException if the client is closed
   */
  DistributedLock lock(String name);

  /** What locks of this client guarantee, and under which faults each guarantee breaks. */
  Guarantees guarantees();

  /** The settings (TTL, renewal, retry) that locks of this client use. */
  LockSettings settings();

  /** Stops renewals, closes connections and threads. Idempotent. */
  @Override
  void close();
}
