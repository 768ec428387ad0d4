package dev.distlock.check;

import dev.distlock.Guarantees;
import dev.distlock.spi.AcquireRequest;
import dev.distlock.spi.AcquireResult;
import dev.distlock.spi.LockBackend;
import dev.distlock.spi.RenewResult;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-memory lock backend for the liveness checks' tests, with a deliberately broken variant that
 * never releases (a release is acknowledged and does nothing). Entries never expire, as with a
 * watchdog that keeps renewing.
 */
final class MapBackend implements LockBackend {
  private final Map<String, String> owners = new ConcurrentHashMap<>();
  private final AtomicLong fence = new AtomicLong();
  private final boolean neverReleases;

  private MapBackend(boolean neverReleases) {
    this.neverReleases = neverReleases;
  }

  static MapBackend correct() {
    return new MapBackend(false);
  }

  static MapBackend neverReleases() {
    return new MapBackend(true);
  }

  Map<String, String> entries() {
    return owners;
  }

  @Override
  public String type() {
    return "map";
  }

  @Override
  public Guarantees guarantees() {
    return new Guarantees("map", List.of());
  }

  @Override
  public AcquireResult tryAcquire(AcquireRequest request) {
    if (owners.putIfAbsent(request.name(), request.owner()) != null
        && !request.owner().equals(owners.get(request.name()))) {
      return new AcquireResult.Busy(Duration.ofMillis(5));
    }
    return new AcquireResult.Acquired(fence.incrementAndGet(), Duration.ofHours(1).toNanos());
  }

  @Override
  public RenewResult renew(String name, String owner, long ttlMillis) {
    return owner.equals(owners.get(name))
        ? new RenewResult.Renewed(Duration.ofHours(1).toNanos())
        : new RenewResult.NotOwner();
  }

  @Override
  public void release(String name, String owner) {
    if (!neverReleases) {
      owners.remove(name, owner);
    }
  }

  @Override
  public void close() {}
}
