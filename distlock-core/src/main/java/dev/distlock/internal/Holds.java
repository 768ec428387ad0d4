package dev.distlock.internal;

import dev.distlock.Lease;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Who holds what in one client, per (lock name, thread): the reentrancy counts and the {@code Lock}
 * adapter's stacks. Kept by the client, not by the {@link dev.distlock.DistributedLock} object, so
 * {@code locks.lock("x")} called twice on one thread is one reentrant hold, not a self-deadlock,
 * and any {@code asLock()} view of "x" unlocks what another locked.
 */
final class Holds {
  /** One thread's interest in one lock name. */
  record Key(String name, Thread thread) {
    static Key current(String name) {
      return new Key(name, Thread.currentThread());
    }
  }

  /** One thread's hold: the backend lease and how many views are open. */
  static final class Hold {
    final Key key;
    final ManagedLease lease;
    // Guarded by this: views may be closed from another thread than the owner.
    int count = 1;

    Hold(Key key, ManagedLease lease) {
      this.key = key;
      this.lease = lease;
    }
  }

  private final ConcurrentHashMap<Key, Hold> holds = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<Key, Deque<Lease>> adapterStacks = new ConcurrentHashMap<>();

  Hold get(Key key) {
    return holds.get(key);
  }

  void put(Hold hold) {
    holds.put(hold.key, hold);
  }

  void remove(Hold hold) {
    holds.remove(hold.key, hold);
  }

  /** Pushes a lease the adapter handed out on the current thread. */
  void push(String name, Lease lease) {
    adapterStacks.computeIfAbsent(Key.current(name), k -> new ArrayDeque<>()).push(lease);
  }

  /** Pops the current thread's most recent adapter lease of {@code name}, or null if none. */
  Lease pop(String name) {
    Key key = Key.current(name);
    Deque<Lease> stack = adapterStacks.get(key);
    if (stack == null || stack.isEmpty()) {
      return null;
    }
    Lease lease = stack.pop();
    if (stack.isEmpty()) {
      adapterStacks.remove(key); // only the owning thread touches its own stack
    }
    return lease;
  }

  /** Holds and adapter stacks in use (for tests: none may be left behind). */
  int size() {
    return holds.size() + adapterStacks.size();
  }
}
