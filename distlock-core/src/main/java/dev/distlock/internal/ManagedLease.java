package dev.distlock.internal;

import dev.distlock.Lease;
import dev.distlock.LockBackendException;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The lease of one acquisition. Its validity deadline is a monotonic-clock timestamp that only the
 * renewer moves; its state moves HELD ⇄ SUSPENDED → LOST | RELEASED, and the two final states are
 * never left.
 */
final class ManagedLease implements Lease {
  private static final Logger log = LoggerFactory.getLogger(ManagedLease.class);

  private final String name;
  private final String owner;
  private final long token;
  private final EngineContext engine;
  private final AtomicReference<LeaseState> state = new AtomicReference<>(LeaseState.HELD);
  private final List<Consumer<LossReason>> listeners = new CopyOnWriteArrayList<>();
  private volatile long validUntilNanos;

  /** When the renewer looks at this lease next (monotonic nanos); written by the renewer only. */
  volatile long nextCheckNanos;

  /** True while a renewal of this lease is under way. */
  volatile boolean renewing;

  /** Acquired for a caller-given term: the watchdog lets it expire instead of renewing it. */
  volatile boolean fixedTerm;

  private volatile LossReason lossReason;
  private final Runnable onEnd;
  private final java.util.concurrent.atomic.AtomicBoolean ended =
      new java.util.concurrent.atomic.AtomicBoolean();

  /**
   * @param onEnd runs once when the lease ends, released or lost (hands the local gate over)
   */
  ManagedLease(
      String name,
      String owner,
      long token,
      long validUntilNanos,
      EngineContext engine,
      Runnable onEnd) {
    this.name = name;
    this.owner = owner;
    this.token = token;
    this.validUntilNanos = validUntilNanos;
    this.engine = engine;
    this.onEnd = onEnd;
  }

  @Override
  public String lockName() {
    return name;
  }

  @Override
  public long fencingToken() {
    return token;
  }

  /** The owner id this lease holds the lock with (for tests and diagnostics). */
  public String owner() {
    return owner;
  }

  @Override
  public boolean isValid() {
    return state.get() == LeaseState.HELD && now() - validUntilNanos < 0;
  }

  @Override
  public Duration remainingValidity() {
    long until = validUntilNanos;
    if (until == Long.MAX_VALUE) {
      // Session-bound: as long as the backend can vouch for the session, not "292 years".
      return state.get() == LeaseState.HELD ? engine.backend().sessionValidity() : Duration.ZERO;
    }
    return Duration.ofNanos(until - now());
  }

  @Override
  public LeaseState state() {
    return state.get();
  }

  /** Why the lease was lost, or null if it was not. */
  public LossReason lossReason() {
    return lossReason;
  }

  @Override
  public void onLost(Consumer<LossReason> listener) {
    java.util.Objects.requireNonNull(listener, "listener");
    listeners.add(listener);
    LossReason reason = lossReason;
    if (state.get() == LeaseState.LOST && reason != null && listeners.remove(listener)) {
      notify(listener, reason);
    }
  }

  /**
   * Runs {@code listener} on the client's listener threads: never on the caller's, a driver's event
   * thread or the watchdog's, and one blocking listener holds up no other.
   */
  private void notify(Consumer<LossReason> listener, LossReason reason) {
    try {
      engine
          .listenerExecutor()
          .execute(
              () -> {
                try {
                  listener.accept(reason);
                } catch (RuntimeException e) {
                  log.error("onLost listener of lock '{}' threw", name, e);
                }
              });
    } catch (java.util.concurrent.RejectedExecutionException closed) {
      log.debug("client closed; onLost listener of lock '{}' not run", name);
    }
  }

  @Override
  public void close() {
    LeaseState prev =
        state.getAndUpdate(
            s -> s == LeaseState.HELD || s == LeaseState.SUSPENDED ? LeaseState.RELEASED : s);
    if (prev == LeaseState.RELEASED) {
      return;
    }
    engine.forget(this);
    try {
      if (prev == LeaseState.LOST) {
        // Our entry may still be there (e.g. lost because the backend was unreachable); deleting
        // it is safe because release is compare-and-delete on our own owner id.
        try {
          engine.backend().release(name, owner);
        } catch (LockBackendException e) {
          log.debug("best-effort release of lost lease {} failed: {}", name, e.toString());
        }
        return;
      }
      engine.backend().release(name, owner);
    } finally {
      end(); // after the backend release, so the next local thread finds the lock free
    }
  }

  private void end() {
    if (ended.compareAndSet(false, true)) {
      onEnd.run();
    }
  }

  long validUntilNanos() {
    return validUntilNanos;
  }

  void extendTo(long newValidUntil) {
    // Monotone: a slow renewal answered after a faster one must not move the deadline back.
    if (newValidUntil - validUntilNanos > 0) {
      validUntilNanos = newValidUntil;
    }
  }

  void suspend() {
    state.compareAndSet(LeaseState.HELD, LeaseState.SUSPENDED);
  }

  void resume() {
    state.compareAndSet(LeaseState.SUSPENDED, LeaseState.HELD);
  }

  boolean active() {
    LeaseState s = state.get();
    return s == LeaseState.HELD || s == LeaseState.SUSPENDED;
  }

  /** Marks the lease lost and tells the listeners, once. */
  void markLost(LossReason reason) {
    LeaseState prev =
        state.getAndUpdate(
            s -> s == LeaseState.HELD || s == LeaseState.SUSPENDED ? LeaseState.LOST : s);
    if (prev != LeaseState.HELD && prev != LeaseState.SUSPENDED) {
      return;
    }
    lossReason = reason;
    end(); // the lock may be someone else's now: local waiters may try for it
    log.warn("lease on lock '{}' (token {}) lost: {}", name, token, reason);
    Observe.call(
        engine.observer(), ob -> ob.leaseLost(engine.backend().type(), name, reason.name()));
    for (Consumer<LossReason> l : listeners) {
      if (listeners.remove(l)) {
        notify(l, reason);
      }
    }
  }

  private long now() {
    return engine.clock().getAsLong();
  }

  @Override
  public String toString() {
    return "Lease[" + name + ", token=" + token + ", " + state.get() + "]";
  }

  /** Shared by every lease of one client: backend, clock, scheduler. */
  interface EngineContext {
    dev.distlock.spi.LockBackend backend();

    LongSupplier clock();

    void forget(ManagedLease lease);

    /** Where {@code onLost} listeners run. */
    java.util.concurrent.Executor listenerExecutor();

    /** Who hears of lost leases. */
    default dev.distlock.LockObserver observer() {
      return dev.distlock.LockObserver.NONE;
    }
  }
}
