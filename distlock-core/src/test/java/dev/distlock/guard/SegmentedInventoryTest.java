package dev.distlock.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.Lease;
import dev.distlock.LockBackendException;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.guard.SegmentedInventory.Outcome;
import dev.distlock.guard.SegmentedInventory.Purchase;
import dev.distlock.internal.FakeBackend;
import dev.distlock.spi.LockClients;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SegmentedInventoryTest {
  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final LockSettings SETTINGS =
      LockSettings.builder()
          .ttl(Duration.ofSeconds(5))
          .retryDelay(Duration.ofMillis(1), Duration.ofMillis(5))
          .build();

  private final FakeBackend backend = new FakeBackend();
  private final LockClient locks = LockClients.create(backend, SETTINGS);
  private final FencedResource resource = FencedResource.inMemory();

  @AfterEach
  void close() {
    locks.close();
  }

  private static long sum(List<Long> stock) {
    return stock.stream().mapToLong(Long::longValue).sum();
  }

  @Test
  void restockSplitsTheTotalAsEvenlyAsPossible() {
    SegmentedInventory inv = SegmentedInventory.create(locks, resource, "sku", 4);
    inv.restock(10, WAIT);
    assertThat(inv.stockBySegment(WAIT)).containsExactly(3L, 3L, 2L, 2L);
  }

  @Test
  void concurrentBuyersSellExactlyTheStockAndThenSeeSoldOut() throws Exception {
    SegmentedInventory inv = SegmentedInventory.create(locks, resource, "sku", 4);
    inv.restock(101, WAIT);
    Map<Outcome, Integer> outcomes = new EnumMap<>(Outcome.class);
    ExecutorService pool = Executors.newFixedThreadPool(8);
    try {
      List<Future<List<Outcome>>> futures = new ArrayList<>();
      for (int t = 0; t < 8; t++) {
        futures.add(
            pool.submit(
                () -> {
                  List<Outcome> mine = new ArrayList<>();
                  for (int i = 0; i < 20; i++) {
                    mine.add(inv.purchase(WAIT).outcome());
                  }
                  return mine;
                }));
      }
      for (Future<List<Outcome>> f : futures) {
        for (Outcome o : f.get(60, TimeUnit.SECONDS)) {
          outcomes.merge(o, 1, Integer::sum);
        }
      }
    } finally {
      pool.shutdownNow();
    }
    assertThat(outcomes).containsEntry(Outcome.SOLD, 101).containsEntry(Outcome.SOLD_OUT, 59);
    assertThat(inv.stockBySegment(WAIT)).containsOnly(0L);
  }

  /**
   * The pitfall: one unit left, in segment 0. The naive variant looks only at the random segment it
   * picked and turns the buyer away; the check (sold out reported while stock remains) catches it.
   * The fall-over purchase, starting at the same segment, sells the unit.
   */
  @Test
  void naiveSegmentingReportsAFalseSoldOutFallOverDoesNot() {
    SegmentedInventory inv = SegmentedInventory.create(locks, resource, "sku", 4, bound -> 2);
    inv.restock(1, WAIT);
    assertThat(inv.stockBySegment(WAIT)).containsExactly(1L, 0L, 0L, 0L);

    Outcome naive = naivePurchase(2);
    assertThat(falseSoldOut(naive, inv.stockBySegment(WAIT))).as("naive false sold out").isTrue();

    Purchase p = inv.purchase(WAIT);
    assertThat(p.outcome()).isEqualTo(Outcome.SOLD);
    assertThat(p.segment()).isZero();
    assertThat(p.lockAcquisitions()).isEqualTo(3); // segments 2, 3 (empty), then 0
    Outcome after = inv.purchase(WAIT).outcome();
    assertThat(after).isEqualTo(Outcome.SOLD_OUT);
    assertThat(falseSoldOut(after, inv.stockBySegment(WAIT))).isFalse();
  }

  /** Seeded: over many random starts the naive variant is wrong for 3 of 4, fall-over never. */
  @Test
  void overManyRandomStartsOnlyTheNaiveVariantTurnsBuyersAway() {
    SplittableRandom random = new SplittableRandom(20261201L);
    int naiveFalse = 0;
    for (int round = 0; round < 40; round++) {
      String sku = "sku-" + round;
      int start = random.nextInt(4);
      SegmentedInventory inv = SegmentedInventory.create(locks, resource, sku, 4, b -> start);
      inv.restock(1, WAIT);
      Outcome naive = naivePurchase(sku, start);
      if (falseSoldOut(naive, inv.stockBySegment(WAIT))) {
        naiveFalse++;
        assertThat(inv.purchase(WAIT).outcome()).as("round " + round).isEqualTo(Outcome.SOLD);
      } else {
        assertThat(naive).isEqualTo(Outcome.SOLD); // it happened to pick segment 0
      }
    }
    assertThat(naiveFalse).isBetween(20, 40);
  }

  @Test
  void aBusySegmentIsNotSoldOut() {
    SegmentedInventory inv = SegmentedInventory.create(locks, resource, "sku", 4, bound -> 1);
    inv.restock(1, WAIT);
    try (LockClient other = LockClients.create(backend, SETTINGS);
        Lease held = other.lock(SegmentedInventory.segmentKey("sku", 0)).acquire(WAIT)) {
      Purchase p = inv.purchase(Duration.ofMillis(100));
      assertThat(p.outcome()).isEqualTo(Outcome.UNAVAILABLE);
      assertThat(held.isValid()).isTrue();
    }
    assertThat(inv.purchase(WAIT).outcome()).isEqualTo(Outcome.SOLD);
  }

  @Test
  void anUnreachableBackendIsUnavailableNotSoldOut() {
    SegmentedInventory inv = SegmentedInventory.create(locks, resource, "sku", 2);
    inv.restock(0, WAIT);
    backend.down = true;
    assertThat(inv.purchase(Duration.ofMillis(50)).outcome()).isEqualTo(Outcome.UNAVAILABLE);
  }

  @Test
  void aWriteThatMayHaveBeenAppliedStopsThePurchase() {
    FencedResource flaky =
        new FencedResource() {
          @Override
          public OptionalLong read(String key, long token) {
            return resource.read(key, token);
          }

          @Override
          public void write(String key, long value, long token) {
            resource.write(key, value, token);
            throw new LockBackendException("reply lost", null);
          }

          @Override
          public OptionalLong highestToken(String key) {
            return resource.highestToken(key);
          }
        };
    SegmentedInventory setup = SegmentedInventory.create(locks, resource, "sku", 2);
    setup.restock(4, WAIT);
    Purchase p = SegmentedInventory.create(locks, flaky, "sku", 2, b -> 1).purchase(WAIT);
    assertThat(p.outcome()).isEqualTo(Outcome.INDETERMINATE);
    assertThat(p.segment()).isEqualTo(1);
    assertThat(setup.stockBySegment(WAIT)).containsExactly(2L, 1L); // segment 0 untouched
  }

  @Test
  void badInputIsRejectedBeforeAnyLock() {
    assertThatThrownBy(() -> SegmentedInventory.create(locks, resource, "sku", 0))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> SegmentedInventory.create(locks, resource, " ", 2))
        .isInstanceOf(IllegalArgumentException.class);
    SegmentedInventory inv = SegmentedInventory.create(locks, resource, "sku", 2);
    assertThatThrownBy(() -> inv.restock(-1, WAIT)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> inv.purchase(Duration.ofMillis(-1)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(backend.calls.get()).isZero();
  }

  private Outcome naivePurchase(int segment) {
    return naivePurchase("sku", segment);
  }

  /** The naive variant: one random segment, "sold out" if it is empty. */
  private Outcome naivePurchase(String sku, int segment) {
    String key = SegmentedInventory.segmentKey(sku, segment);
    try (Lease lease = locks.lock(key).acquire(WAIT)) {
      return new Inventory(resource).decrement(key, lease.fencingToken())
          ? Outcome.SOLD
          : Outcome.SOLD_OUT;
    }
  }

  /** The check: "sold out" while some segment still has stock. */
  static boolean falseSoldOut(Outcome outcome, List<Long> stockAfter) {
    return outcome == Outcome.SOLD_OUT && sum(stockAfter) > 0;
  }
}
