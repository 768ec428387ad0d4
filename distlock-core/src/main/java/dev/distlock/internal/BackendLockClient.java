package dev.distlock.internal;

import dev.distlock.DistributedLock;
import dev.distlock.Guarantees;
import dev.distlock.Lease.LossReason;
import dev.distlock.LockBackendException;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.spi.AcquireResult;
import dev.distlock.spi.LockBackend;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.Executor;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link LockClient} every backend gets: validation, the shared watchdog, leases, reentrancy.
 * Backends only implement {@link LockBackend}. Not API: create clients with {@link
 * dev.distlock.spi.LockClients}; this class is public only so that factory can reach it.
 */
public final class BackendLockClient implements LockClient, ManagedLease.EngineContext {
  private static final Logger log = LoggerFactory.getLogger(BackendLockClient.class);
  private static final AtomicInteger CLIENT_IDS = new AtomicInteger();

  private final LockBackend backend;
  private final LockSettings settings;
  private final LongSupplier clock;
  private final Renewer renewer;
  private final AtomicBoolean closed = new AtomicBoolean();
  private final LocalGates gates = new LocalGates();
  private final Holds holds = new Holds();
  // onLost listeners: a thread per running listener, so a blocking one delays no other lease.
  private final ThreadPoolExecutor listeners =
      new ThreadPoolExecutor(
          0,
          Integer.MAX_VALUE,
          30,
          TimeUnit.SECONDS,
          new SynchronousQueue<>(),
          Renewer.threads("distlock-listener-" + CLIENT_IDS.incrementAndGet()));

  private BackendLockClient(LockBackend backend, LockSettings settings, LongSupplier clock) {
    this.backend = Objects.requireNonNull(backend, "backend");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.clock = Objects.requireNonNull(clock, "clock");
    this.renewer = new Renewer(backend, settings, clock);
  }

  /** A client over {@code backend}; closing the client closes the backend. */
  public static LockClient create(LockBackend backend, LockSettings settings, LongSupplier clock) {
    return new BackendLockClient(backend, settings, clock);
  }

  @Override
  public DistributedLock lock(String name) {
    Checks.lockName(name);
    ensureOpen();
    return new ReentrantDistributedLock(new BackendLock(name, this), backend.guarantees(), holds);
  }

  @Override
  public Guarantees guarantees() {
    return backend.guarantees();
  }

  @Override
  public LockSettings settings() {
    return settings;
  }

  @Override
  public LockBackend backend() {
    return backend;
  }

  @Override
  public LongSupplier clock() {
    return clock;
  }

  @Override
  public dev.distlock.LockObserver observer() {
    return settings.observer();
  }

  @Override
  public void forget(ManagedLease lease) {
    renewer.untrack(lease);
  }

  @Override
  public Executor listenerExecutor() {
    return listeners;
  }

  void ensureOpen() {
    if (closed.get()) {
      throw new IllegalStateException("lock client is closed");
    }
  }

  LocalGates gates() {
    return gates;
  }

  Holds holds() {
    return holds;
  }

  ManagedLease register(
      String name,
      String owner,
      AcquireResult.Acquired a,
      long start,
      DeferredEvents events,
      Runnable onEnd,
      boolean fixedTerm) {
    long validUntil = Checks.saturatedAdd(start, a.validityNanos());
    ManagedLease lease = new ManagedLease(name, owner, a.token(), validUntil, this, onEnd);
    lease.fixedTerm = fixedTerm;
    events.bind(lease);
    renewer.track(lease);
    if (closed.get()) {
      lease.markLost(LossReason.CLIENT_CLOSED);
    }
    return lease;
  }

  /**
   * A lease that is not handed out after all (lost or expired before the acquire returned): stop
   * watching it and delete its entry, best effort.
   */
  void discard(ManagedLease lease) {
    renewer.untrack(lease);
    lease.markLost(LossReason.EXPIRED);
    releaseLater(lease.lockName(), lease.owner());
  }

  /** An attempt whose outcome is unknown may have taken the lock: delete it, best effort. */
  void releaseLater(String name, String owner) {
    renewer.submit(
        () -> {
          try {
            backend.release(name, owner);
          } catch (LockBackendException e) {
            log.debug("cleanup of indeterminate attempt on '{}' failed: {}", name, e.toString());
          }
        });
  }

  @Override
  public void close() {
    if (!closed.compareAndSet(false, true)) {
      return;
    }
    renewer.close();
    for (ManagedLease lease : List.copyOf(renewer.leases())) {
      // Holders stop believing first; then free the locks so waiters elsewhere need not wait for
      // the TTL. Release is compare-and-delete, so this never touches a newer holder's lock.
      lease.markLost(LossReason.CLIENT_CLOSED);
      try {
        backend.release(lease.lockName(), lease.owner());
      } catch (LockBackendException e) {
        log.debug("release on close of '{}' failed: {}", lease.lockName(), e.toString());
      }
    }
    renewer.leases().clear();
    listeners.shutdown(); // listeners already started (CLIENT_CLOSED) still run to the end
    backend.close();
  }

  @Override
  public String toString() {
    return "LockClient[" + backend + "]";
  }
}
