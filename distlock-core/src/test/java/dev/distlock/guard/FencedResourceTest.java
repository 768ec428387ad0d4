package dev.distlock.guard;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.guard.FencedResource.Fencing;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FencedResourceTest {

  @Test
  void staleAccessIsRejectedAndChangesNothing() {
    FencedResource r = FencedResource.inMemory();
    r.write("k", 10, 5);
    assertThat(r.read("k", 7)).hasValue(10);
    assertThatThrownBy(() -> r.write("k", 99, 6))
        .isInstanceOf(StaleTokenException.class)
        .satisfies(
            e -> {
              StaleTokenException s = (StaleTokenException) e;
              assertThat(s.token()).isEqualTo(6);
              assertThat(s.highest()).isEqualTo(7);
              assertThat(s.key()).isEqualTo("k");
            });
    assertThatThrownBy(() -> r.read("k", 6)).isInstanceOf(StaleTokenException.class);
    assertThat(r.highestToken("k")).hasValue(7);
    assertThat(r.read("k", 7)).hasValue(10);
  }

  @Test
  void equalTokensAreAcceptedAndKeysAreIndependent() {
    FencedResource r = FencedResource.inMemory();
    r.write("a", 1, 9);
    r.write("a", 2, 9);
    assertThat(r.read("b", 1)).isEmpty();
    assertThat(r.highestToken("a")).hasValue(9);
    assertThat(r.highestToken("b")).hasValue(1);
    assertThat(r.highestToken("c")).isEmpty();
  }

  @Test
  void badInputIsRejected() {
    FencedResource r = FencedResource.inMemory();
    assertThatThrownBy(() -> r.read("k", -1)).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> r.write(null, 1, 1)).isInstanceOf(NullPointerException.class);
    assertThat(r.highestToken("k")).isEmpty();
  }

  /**
   * The interleaving from DESIGN.md: the new holder (token 6) reads, the old one (token 5) writes,
   * the new one writes. Write-only fencing accepts all three and loses the old holder's
   * acknowledged decrement; access fencing rejects the old holder's write.
   */
  @Test
  void writeOnlyFencingLosesAnUpdateAccessFencingDoesNot() {
    assertThat(runInterleaving(FencedResource.inMemory(Fencing.WRITES_ONLY)))
        .as("acknowledged decrements vs final stock, write-only")
        .isEqualTo(new Outcome(2, 9));
    assertThat(runInterleaving(FencedResource.inMemory(Fencing.ACCESS)))
        .as("acknowledged decrements vs final stock, access fencing")
        .isEqualTo(new Outcome(1, 9));
  }

  record Outcome(int acknowledged, long finalStock) {}

  private static Outcome runInterleaving(FencedResource r) {
    r.write("sku", 10, 1);
    int acked = 0;
    long oldRead = r.read("sku", 5).orElseThrow(); // old holder read before it paused
    long newRead = r.read("sku", 6).orElseThrow(); // new holder reads
    try {
      r.write("sku", oldRead - 1, 5); // old holder wakes and writes
      acked++;
    } catch (StaleTokenException expected) {
      // rejected: nothing sold
    }
    r.write("sku", newRead - 1, 6);
    acked++;
    return new Outcome(acked, r.read("sku", 6).orElseThrow());
  }

  /**
   * Two holders whose critical sections interleave at random (as when a paused holder wakes up
   * while the next one works): with access fencing the stock is never negative and equals the
   * initial stock minus the acknowledged decrements.
   */
  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 42, 4711, 9001})
  void inventoryStaysExactUnderRandomInterleavings(long seed) {
    Random random = new Random(seed);
    FencedResource r = FencedResource.inMemory();
    Inventory inventory = new Inventory(r);
    inventory.restock("sku", 20, 0);
    long token = 0;
    int acknowledged = 0;
    int rejected = 0;
    List<long[]> pending = new ArrayList<>(); // {token, value read}
    for (int step = 0; step < 200; step++) {
      int choice = random.nextInt(3);
      try {
        if (choice == 0 || pending.isEmpty()) {
          // Mostly a new holder; sometimes one whose lease was overtaken long ago.
          long t = random.nextInt(4) == 0 && token > 0 ? random.nextInt((int) token) : ++token;
          pending.add(new long[] {t, inventory.stock("sku", t)});
        } else {
          long[] p = pending.remove(random.nextInt(pending.size()));
          if (p[1] > 0) {
            r.write("sku", p[1] - 1, p[0]);
            acknowledged++;
          }
        }
      } catch (StaleTokenException e) {
        rejected++;
      }
      long stock = r.read("sku", token).orElseThrow();
      assertThat(stock).isNotNegative();
      // Every acknowledged decrement wrote (last read − 1) with no newer access in between.
      assertThat(stock).isEqualTo(20 - acknowledged);
    }
    assertThat(acknowledged).as("the run sold something").isPositive();
    assertThat(rejected).as("the run had stale holders").isPositive();
  }

  @Test
  void inventorySellsOutWithoutGoingNegative() {
    Inventory inventory = new Inventory(FencedResource.inMemory());
    inventory.restock("sku", 2, 1);
    assertThat(inventory.decrement("sku", 1)).isTrue();
    assertThat(inventory.decrement("sku", 2)).isTrue();
    assertThat(inventory.decrement("sku", 3)).isFalse();
    assertThat(inventory.stock("sku", 3)).isZero();
    assertThatThrownBy(() -> inventory.decrement("sku", 2)).isInstanceOf(StaleTokenException.class);
    assertThatThrownBy(() -> inventory.restock("sku", -1, 4))
        .isInstanceOf(IllegalArgumentException.class);
    assertThat(FencedResource.inMemory().read("x", 0)).isEqualTo(OptionalLong.empty());
  }
}
