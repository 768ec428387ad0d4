package dev.distlock.internal;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * One fair gate per lock name and client: of the threads of one client that want the same lock,
 * only the first in line talks to the backend; the others queue here, in arrival order, and the
 * holder hands over by releasing the gate when its lease ends (released or lost). A hot lock then
 * costs one backend attempt per hand-over instead of one per waiting thread, and no local waiter
 * starves behind threads that keep re-acquiring. Across clients the backend decides, as before.
 */
final class LocalGates {
  private final ConcurrentHashMap<String, Gate> gates = new ConcurrentHashMap<>();

  /** A gate and how many threads use it; entries go away when the last one leaves. */
  static final class Gate {
    final Semaphore permit = new Semaphore(1, true);
    int users; // guarded by the map's compute
  }

  /** Joins the gate of {@code name}; every call must be paired with {@link #leave}. */
  Gate join(String name) {
    return gates.compute(
        name,
        (k, g) -> {
          Gate v = g == null ? new Gate() : g;
          v.users++;
          return v;
        });
  }

  /** Leaves the gate of {@code name}. */
  void leave(String name) {
    gates.computeIfPresent(name, (k, g) -> --g.users == 0 ? null : g);
  }

  /** Threads queued at the gate of {@code name} (for tests). */
  int queued(String name) {
    Gate g = gates.get(name);
    return g == null ? 0 : g.permit.getQueueLength();
  }

  /** Gates in use (for tests: none may be left behind). */
  int size() {
    return gates.size();
  }
}
