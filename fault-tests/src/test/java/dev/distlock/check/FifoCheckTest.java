package dev.distlock.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.check.FifoCheck.Wait;
import java.util.List;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class FifoCheckTest {
  private static Wait w(String name, long invoked, long enqueued, long token, boolean live) {
    return new Wait(name, invoked, enqueued, OptionalLong.of(token), live);
  }

  @Test
  void grantsInArrivalOrderPass() {
    List<Wait> waits =
        List.of(w("a", 0, 5, 1, true), w("b", 10, 15, 2, true), w("c", 20, 25, 3, true));
    assertThat(FifoCheck.check(waits)).isEmpty();
    assertThat(FifoCheck.orderedPairs(waits)).isEqualTo(3);
  }

  @Test
  void aLaterWaiterGrantedFirstIsAViolation() {
    List<Wait> waits = List.of(w("a", 0, 5, 2, true), w("b", 10, 15, 1, true));
    assertThat(FifoCheck.check(waits)).singleElement().asString().contains("b (token 1)");
  }

  @Test
  void overlappingArrivalsHaveNoOrderAndPausedWaitersAreExcused() {
    // b started waiting before a's entry was seen: either order is FIFO.
    assertThat(FifoCheck.check(List.of(w("a", 0, 12, 2, true), w("b", 10, 15, 1, true)))).isEmpty();
    // a was paused while it waited: the lock may evict it and serve b first.
    assertThat(FifoCheck.check(List.of(w("a", 0, 5, 2, false), w("b", 10, 15, 1, true)))).isEmpty();
    // a never got the lock: not compared.
    assertThat(
            FifoCheck.check(
                List.of(new Wait("a", 0, 5, OptionalLong.empty(), true), w("b", 10, 15, 1, true))))
        .isEmpty();
  }
}
