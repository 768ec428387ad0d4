package dev.distlock.peers;

import java.time.Duration;
import java.util.function.Supplier;

/**
 * Retries a library's first connection for at most 10 s. The deployment's request timeout (250 ms)
 * is also the libraries' connect timeout, which a loaded machine can miss while the child starts;
 * once the client is built, the library's own behaviour is what the matrix observes, unretried.
 */
final class Startup {
  private static final Duration LIMIT = Duration.ofSeconds(10);

  private Startup() {}

  /**
   * Calls {@code connect} until it returns.
   *
   * @param what what is being connected, for the error
   * @param connect builds and connects the client; throws when it cannot
   * @return what {@code connect} returned
   * @throws IllegalStateException with the last failure after 10 s
   */
  static <T> T retry(String what, Supplier<T> connect) {
    long end = System.nanoTime() + LIMIT.toNanos();
    while (true) {
      try {
        return connect.get();
      } catch (RuntimeException e) {
        if (System.nanoTime() - end > 0) {
          throw new IllegalStateException("could not connect to " + what + " in " + LIMIT, e);
        }
      }
      try {
        // Between attempts: a refused connection fails at once.
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("interrupted while connecting to " + what, e);
      }
    }
  }
}
