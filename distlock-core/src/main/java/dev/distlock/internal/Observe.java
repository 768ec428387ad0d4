package dev.distlock.internal;

import dev.distlock.LockObserver;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Calls a {@link LockObserver} so that its failures never reach the lock's caller. */
final class Observe {
  private static final Logger log = LoggerFactory.getLogger(Observe.class);

  private Observe() {}

  static void call(LockObserver observer, Consumer<LockObserver> event) {
    if (observer == LockObserver.NONE) {
      return;
    }
    try {
      event.accept(observer);
    } catch (RuntimeException e) {
      log.warn("lock observer {} failed; ignored", observer, e);
    }
  }
}
