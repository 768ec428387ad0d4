package dev.distlock.nemesis;

import java.util.List;
import java.util.function.Consumer;

/** Runs a healing step on every target even when one fails, then rethrows the first failure. */
final class Heal {
  private Heal() {}

  static <T> void all(List<T> targets, Consumer<T> step) {
    RuntimeException first = null;
    for (T t : targets) {
      try {
        step.accept(t);
      } catch (RuntimeException e) {
        if (first == null) {
          first = e;
        } else {
          first.addSuppressed(e);
        }
      }
    }
    if (first != null) {
      throw first;
    }
  }
}
