package dev.distlock.testbed;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.function.BooleanSupplier;

/**
 * A lock under test, as one child client JVM uses it: opened once by its {@link TestedLockFactory}
 * from the deployment's endpoints, then driven by one thread (the child's command loop), so a lock
 * that ties ownership to a thread (Redisson, Curator, Spring) sees one owner per client.
 *
 * <p>The adapter reports what the library says and nothing more: no retries, renewals or checks of
 * its own beyond what the library does, so that what the matrix shows is the library's behaviour.
 */
public interface TestedLock extends AutoCloseable {
  /**
   * Tries to acquire the lock {@code name}, waiting at most {@code wait}.
   *
   * @param name the lock name; every client of a run uses the same one
   * @param wait how long the library may wait for the lock
   * @return the held lock, or empty if it was not acquired within {@code wait} (definitely not
   *     held)
   * @throws Exception when the library fails (server unreachable, timeout of a request): the
   *     outcome is then unknown, as the library may have taken the lock
   */
  Optional<Held> acquire(String name, Duration wait) throws Exception;

  /** Closes the library's client (connections, threads). */
  @Override
  void close() throws Exception;

  /** One acquisition, until released. Used by the thread that acquired it. */
  interface Held {
    /**
     * Returns the fencing token the library handed out with this acquisition.
     *
     * @return the token, or empty when the library has none (the guard cannot be used)
     */
    OptionalLong token();

    /**
     * Says whether the holder may still believe it holds the lock, from local knowledge only (no
     * network call): e.g. a connection-state listener for ZooKeeper sessions. The matrix consults
     * it for ZooKeeper deployments; for Redis deployments the holder believes until the TTL ends.
     *
     * @return false once the library has signalled the lock lost; true otherwise
     */
    default boolean isValid() {
      return true;
    }

    /**
     * Releases the lock.
     *
     * @throws Exception when the library fails or says the lock was no longer held
     */
    void release() throws Exception;

    /**
     * A held lock from its parts.
     *
     * @param token the fencing token, or empty
     * @param valid the holder's local belief ({@link #isValid()})
     * @param release releases the lock ({@link #release()})
     * @return the held lock
     */
    static Held of(OptionalLong token, BooleanSupplier valid, Release release) {
      return new Held() {
        @Override
        public OptionalLong token() {
          return token;
        }

        @Override
        public boolean isValid() {
          return valid.getAsBoolean();
        }

        @Override
        public void release() throws Exception {
          release.run();
        }
      };
    }

    /**
     * A held lock without a fencing token, believed until released.
     *
     * @param release releases the lock
     * @return the held lock
     */
    static Held untokened(Release release) {
      return of(OptionalLong.empty(), () -> true, release);
    }
  }

  /** A library's release call, which may throw what the library throws. */
  @FunctionalInterface
  interface Release {
    /**
     * Releases.
     *
     * @throws Exception as the library does
     */
    void run() throws Exception;
  }
}
