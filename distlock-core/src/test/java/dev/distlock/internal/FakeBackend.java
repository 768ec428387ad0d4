package dev.distlock.internal;

import dev.distlock.Guarantees;
import dev.distlock.LockBackendException;
import dev.distlock.spi.AcquireRequest;
import dev.distlock.spi.AcquireResult;
import dev.distlock.spi.Drift;
import dev.distlock.spi.LockBackend;
import dev.distlock.spi.RenewResult;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * An in-memory TTL lock server for engine tests: real time, a switch to make it unreachable, a
 * switch to make it apply an acquire and then report a timeout, and a latency knob. Public for the
 * guard tests, which need an in-memory lock client.
 */
public final class FakeBackend implements LockBackend {
  record Entry(String owner, long expiresAtNanos) {}

  private final Map<String, Entry> entries = new HashMap<>();
  private final Map<String, Long> fences = new HashMap<>();
  public final AtomicInteger calls = new AtomicInteger();
  final AtomicInteger renewals = new AtomicInteger();
  final List<String> releasedOwners = new CopyOnWriteArrayList<>();
  public volatile boolean down;
  volatile boolean applyThenTimeout;
  volatile long latencyMillis;

  /** How long a renewal hangs before it answers (a partition that swallows the request). */
  volatile long renewHangMillis;

  /** Whether a hung renewal then succeeds regardless of the entry (a reply delayed in flight). */
  volatile boolean renewSucceedsAfterHang;

  volatile boolean closed;

  @Override
  public String type() {
    return "fake";
  }

  @Override
  public Guarantees guarantees() {
    return new Guarantees("fake", List.of());
  }

  @Override
  public AcquireResult tryAcquire(AcquireRequest request) {
    calls.incrementAndGet();
    delay();
    if (down) {
      return new AcquireResult.Unavailable(new LockBackendException("fake down", null), false);
    }
    synchronized (this) {
      Entry e = live(request.name());
      if (e != null) {
        return new AcquireResult.Busy(Duration.ofNanos(e.expiresAtNanos - System.nanoTime()));
      }
      entries.put(
          request.name(), new Entry(request.owner(), System.nanoTime() + request.ttl().toNanos()));
      long token = fences.merge(request.name(), 1L, Long::sum);
      if (applyThenTimeout) {
        return new AcquireResult.Unavailable(new LockBackendException("fake timeout", null), true);
      }
      return new AcquireResult.Acquired(token, Drift.validityNanos(request.ttl()));
    }
  }

  @Override
  public RenewResult renew(String name, String owner, long ttlMillis) {
    calls.incrementAndGet();
    renewals.incrementAndGet();
    long hang = renewHangMillis;
    if (hang > 0) {
      sleep(hang);
      if (renewSucceedsAfterHang) {
        return new RenewResult.Renewed(Drift.validityNanos(Duration.ofMillis(ttlMillis)));
      }
    }
    if (down) {
      return new RenewResult.Unavailable(new LockBackendException("fake down", null));
    }
    synchronized (this) {
      Entry e = live(name);
      if (e == null || !e.owner.equals(owner)) {
        return new RenewResult.NotOwner();
      }
      entries.put(name, new Entry(owner, System.nanoTime() + ttlMillis * 1_000_000));
      return new RenewResult.Renewed(Drift.validityNanos(Duration.ofMillis(ttlMillis)));
    }
  }

  @Override
  public void release(String name, String owner) {
    calls.incrementAndGet();
    if (down) {
      throw new LockBackendException("fake down", null);
    }
    synchronized (this) {
      Entry e = live(name);
      if (e != null && e.owner.equals(owner)) {
        entries.remove(name);
        releasedOwners.add(owner);
      }
    }
  }

  @Override
  public synchronized boolean isLocked(String name) {
    calls.incrementAndGet();
    if (down) {
      throw new LockBackendException("fake down", null);
    }
    return live(name) != null;
  }

  /** The current holder's owner id, or null. */
  synchronized String holder(String name) {
    Entry e = live(name);
    return e == null ? null : e.owner;
  }

  /** Deletes the entry behind the holder's back. */
  synchronized void delete(String name) {
    entries.remove(name);
  }

  private Entry live(String name) {
    Entry e = entries.get(name);
    if (e != null && System.nanoTime() - e.expiresAtNanos >= 0) {
      entries.remove(name);
      return null;
    }
    return e;
  }

  private void delay() {
    sleep(latencyMillis);
  }

  private static void sleep(long ms) {
    if (ms > 0) {
      try {
        Thread.sleep(ms); // the latency is the simulated fault, not synchronization
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
  }
}
