package dev.distlock.guard;

import dev.distlock.DistributedLock;
import dev.distlock.Lease;
import dev.distlock.LockBackendException;
import dev.distlock.LockClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.IntUnaryOperator;

/**
 * One hot SKU split into K segments (分段锁), so K buyers can sell at once instead of queueing on a
 * single lock. Segment {@code i} has its own lock name and its own fenced counter, both {@link
 * #segmentKey(String, int) sku#i}; a purchase is the ordinary guarded decrement of {@link
 * Inventory} on one segment.
 *
 * <p><b>What it guarantees.</b>
 *
 * <ul>
 *   <li><i>No oversell in total, under the same faults as the plain guarded inventory</i>: each
 *       segment is a guarded inventory of its own, so no segment goes below zero and each equals
 *       its initial stock minus the decrements applied to it; the total is the sum. Faults that
 *       break the lock's {@code TOKEN_MONOTONIC} guarantee break this too, per segment.
 *   <li><i>No false "sold out"</i>: {@link Outcome#SOLD_OUT} is returned only after every segment
 *       was read as empty under its lock in this purchase. A purchase picks a random segment and,
 *       if it is empty or busy, falls over to the others (first without waiting, then waiting for
 *       the busy ones). A segment that could not be examined in time makes the answer {@link
 *       Outcome#UNAVAILABLE}, never "sold out". The naive variant — pick one random segment and
 *       report "sold out" when it is empty — turns buyers away while other segments hold stock.
 *   <li><i>At most one unit per purchase</i>: when a segment's write may have been applied (the
 *       store timed out) the purchase stops with {@link Outcome#INDETERMINATE} instead of trying
 *       another segment.
 * </ul>
 *
 * <p><b>Rebalancing: none.</b> Leftover stock stays in its segment. Fall-over makes that safe for
 * correctness (every unit is sold before "sold out"); the cost is that the last units are found
 * only after visiting up to K segments, so near sell-out a purchase takes up to K lock round trips.
 * Moving stock between segments would need two segment locks and two fenced writes that cannot be
 * atomic together; a crash between them would lose units (undersell).
 *
 * <p>"Sold out" is a statement about the moment each segment was read: a concurrent restock can add
 * stock right after. Thread-safe if the lock client and the resource are.
 */
public final class SegmentedInventory {

  /** How a purchase ended. */
  public enum Outcome {
    /** One unit was sold from {@link Purchase#segment()}. */
    SOLD,
    /** Every segment was read as empty under its lock; nothing was sold. */
    SOLD_OUT,
    /**
     * Nothing was sold, and at least one segment could not be examined (lock busy for the whole
     * wait, backend unreachable, lease overtaken): the SKU may still have stock. Retry later.
     */
    UNAVAILABLE,
    /**
     * The write to {@link Purchase#segment()} timed out: one unit may or may not have been sold. No
     * other segment was touched.
     */
    INDETERMINATE
  }

  /**
   * The result of one purchase.
   *
   * @param outcome how it ended
   * @param segment the segment sold from (SOLD, INDETERMINATE), else -1
   * @param lockAcquisitions how many segment locks this purchase took (fall-over cost)
   */
  public record Purchase(Outcome outcome, int segment, int lockAcquisitions) {}

  private enum Step {
    SOLD,
    EMPTY,
    BUSY,
    FAILED,
    INDETERMINATE
  }

  private final LockClient locks;
  private final FencedResource resource;
  private final String sku;
  private final int segments;
  private final IntUnaryOperator random;

  private SegmentedInventory(
      LockClient locks,
      FencedResource resource,
      String sku,
      int segments,
      IntUnaryOperator random) {
    this.locks = Objects.requireNonNull(locks, "locks");
    this.resource = Objects.requireNonNull(resource, "resource");
    this.sku = Objects.requireNonNull(sku, "sku");
    if (sku.isBlank()) {
      throw new IllegalArgumentException("sku must not be blank");
    }
    if (segments < 1 || segments > 1024) {
      throw new IllegalArgumentException("segments must be in 1..1024, got " + segments);
    }
    this.segments = segments;
    this.random = Objects.requireNonNull(random, "random");
  }

  /**
   * An inventory of {@code sku} in {@code segments} segments; purchases start at a random segment.
   *
   * @throws IllegalArgumentException if {@code sku} is blank or {@code segments} is not in 1..1024
   */
  public static SegmentedInventory create(
      LockClient locks, FencedResource resource, String sku, int segments) {
    return new SegmentedInventory(
        locks, resource, sku, segments, bound -> ThreadLocalRandom.current().nextInt(bound));
  }

  /**
   * As {@link #create} with the choice of the first segment given ({@code bound -> index in
   * [0,bound)}), for seeded tests.
   */
  public static SegmentedInventory create(
      LockClient locks,
      FencedResource resource,
      String sku,
      int segments,
      IntUnaryOperator firstSegment) {
    return new SegmentedInventory(locks, resource, sku, segments, firstSegment);
  }

  /** The lock name and resource key of segment {@code index} of {@code sku}. */
  public static String segmentKey(String sku, int index) {
    return sku + "#" + index;
  }

  /** The number of segments. */
  public int segments() {
    return segments;
  }

  /**
   * Sets the total stock, split as evenly as possible (the first {@code total % K} segments get one
   * more), each segment under its own lock.
   *
   * @throws IllegalArgumentException if {@code total} is negative
   * @throws dev.distlock.LockTimeoutException if a segment lock was not acquired within {@code
   *     wait}; segments before it are already set
   */
  public void restock(long total, Duration wait) {
    if (total < 0) {
      throw new IllegalArgumentException("total must not be negative, got " + total);
    }
    Objects.requireNonNull(wait, "wait");
    for (int i = 0; i < segments; i++) {
      long share = total / segments + (i < total % segments ? 1 : 0);
      String key = segmentKey(sku, i);
      try (Lease lease = locks.lock(key).acquire(wait)) {
        new Inventory(resource).restock(key, share, lease.fencingToken());
      }
    }
  }

  /**
   * The stock of each segment, each read under its lock (not one snapshot across segments).
   *
   * @throws dev.distlock.LockTimeoutException if a segment lock was not acquired within {@code
   *     wait}
   */
  public List<Long> stockBySegment(Duration wait) {
    Objects.requireNonNull(wait, "wait");
    List<Long> stock = new ArrayList<>(segments);
    for (int i = 0; i < segments; i++) {
      String key = segmentKey(sku, i);
      try (Lease lease = locks.lock(key).acquire(wait)) {
        stock.add(new Inventory(resource).stock(key, lease.fencingToken()));
      }
    }
    return stock;
  }

  /**
   * Sells one unit: tries every segment once without waiting, starting at a random one, then waits
   * (together at most {@code wait}) for the segments that were busy.
   *
   * @throws IllegalArgumentException if {@code wait} is negative
   */
  public Purchase purchase(Duration wait) {
    Objects.requireNonNull(wait, "wait");
    if (wait.isNegative()) {
      throw new IllegalArgumentException("wait must not be negative, got " + wait);
    }
    long deadline = System.nanoTime() + wait.toNanos();
    int first = random.applyAsInt(segments);
    if (first < 0 || first >= segments) {
      throw new IllegalStateException("first segment " + first + " not in [0," + segments + ")");
    }
    int[] taken = {0};
    boolean undecided = false;
    List<Integer> busy = new ArrayList<>();
    // Pass 1: every segment once, without waiting on a busy one (another buyer is selling there).
    for (int i = 0; i < segments; i++) {
      int seg = (first + i) % segments;
      Step s = attempt(seg, Duration.ZERO, taken);
      if (s == Step.SOLD || s == Step.INDETERMINATE) {
        return new Purchase(Outcome.valueOf(s.name()), seg, taken[0]);
      }
      if (s == Step.BUSY) {
        busy.add(seg);
      }
      undecided |= s == Step.FAILED;
    }
    // Pass 2: wait for the busy segments; a busy segment is not known to be empty.
    for (int seg : busy) {
      long left = Math.max(0, deadline - System.nanoTime());
      Step s = attempt(seg, Duration.ofNanos(left), taken);
      if (s == Step.SOLD || s == Step.INDETERMINATE) {
        return new Purchase(Outcome.valueOf(s.name()), seg, taken[0]);
      }
      undecided |= s != Step.EMPTY;
    }
    return new Purchase(undecided ? Outcome.UNAVAILABLE : Outcome.SOLD_OUT, -1, taken[0]);
  }

  /** One guarded decrement of segment {@code seg}; counts a lock taken into {@code taken[0]}. */
  private Step attempt(int seg, Duration wait, int[] taken) {
    String key = segmentKey(sku, seg);
    DistributedLock lock = locks.lock(key);
    Optional<Lease> got;
    try {
      got = lock.tryAcquire(wait);
    } catch (LockBackendException e) {
      return Step.FAILED;
    }
    if (got.isEmpty()) {
      return Step.BUSY;
    }
    taken[0]++;
    Lease lease = got.get();
    try {
      return decrement(key, lease.fencingToken());
    } finally {
      try {
        lease.close();
      } catch (LockBackendException releaseFailed) {
        // The release did not reach the backend; the lock expires on its own. The outcome stands.
      }
    }
  }

  private Step decrement(String key, long token) {
    long stock;
    try {
      stock = resource.read(key, token).orElse(0);
    } catch (StaleTokenException | LockBackendException e) {
      return Step.FAILED; // a read changes no stock: nothing was sold
    }
    if (stock <= 0) {
      return Step.EMPTY;
    }
    try {
      resource.write(key, stock - 1, token);
      return Step.SOLD;
    } catch (StaleTokenException e) {
      return Step.FAILED; // overtaken: the write was rejected, nothing sold
    } catch (LockBackendException e) {
      return Step.INDETERMINATE;
    }
  }
}
