package dev.distlock.spi;

/**
 * Lets a waiting acquirer sleep until the lock may be free, instead of only polling. Obtained
 * before an attempt, so a release between the failed attempt and the wait is not missed.
 */
public interface ReleaseWaiter extends AutoCloseable {

  /** A waiter that never wakes early. */
  ReleaseWaiter NONE =
      new ReleaseWaiter() {
        @Override
        public boolean await(long nanos) throws InterruptedException {
          if (nanos > 0) {
            java.util.concurrent.TimeUnit.NANOSECONDS.sleep(nanos);
          }
          return false;
        }

        @Override
        public boolean reliable() {
          return false;
        }

        @Override
        public void close() {}
      };

  /**
   * Waits at most {@code nanos} for a release notification since the previous call (or since this
   * waiter was created).
   *
   * @return true if a notification arrived
   */
  boolean await(long nanos) throws InterruptedException;

  /**
   * True if notifications are currently being delivered, so the engine may wait for one instead of
   * polling on its random retry delay.
   */
  boolean reliable();

  @Override
  void close();
}
