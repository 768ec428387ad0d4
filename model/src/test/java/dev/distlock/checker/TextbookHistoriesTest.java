package dev.distlock.checker;

import static dev.distlock.testing.H.h;
import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.history.History;
import dev.distlock.model.CasRegister;
import dev.distlock.model.Counter;
import dev.distlock.model.FencedMutex;
import dev.distlock.model.FencedRegister;
import dev.distlock.model.Model;
import dev.distlock.model.Mutex;
import dev.distlock.testing.BruteForce;
import dev.distlock.testing.H;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-written histories with known verdicts, for every model, including the tricky cases: ops
 * touching at one timestamp, info ops that must be placed late, failed ops that must be ignored,
 * cas returning false. Every case is also checked against the brute-force checker.
 */
class TextbookHistoriesTest {
  static final Model<?> REG = new CasRegister();

  static void expect(Model<?> model, H hist, Verdict v) {
    History h = hist.build();
    Result r = Checker.of(model).check(h);
    assertThat(r.verdict()).as("checker on %s", h.events()).isEqualTo(v);
    assertThat(BruteForce.linearizable(model, h))
        .as("brute force on %s", h.events())
        .isEqualTo(v == Verdict.VALID);
  }

  // ---------------------------------------------------------------- cas-register

  @Test
  void emptyHistoryIsValid() {
    expect(REG, h(), Verdict.VALID);
  }

  @Test
  void sequentialWriteThenRead() {
    expect(REG, h().ok(1, "write", 1L, null, 0, 10).ok(2, "read", null, 1L, 20, 30), Verdict.VALID);
  }

  @Test
  void staleReadAfterWriteCompletedIsInvalid() {
    expect(
        REG,
        h().ok(1, "write", 1L, null, 0, 10)
            .ok(1, "write", 2L, null, 20, 30)
            .ok(2, "read", null, 1L, 40, 50),
        Verdict.INVALID);
  }

  @Test
  void readOfInitialNull() {
    expect(REG, h().ok(1, "read", null, null, 0, 10), Verdict.VALID);
    expect(REG, h().ok(1, "read", null, 0L, 0, 10), Verdict.INVALID);
  }

  @Test
  void concurrentReadMaySeeEitherValue() {
    H base = h().ok(1, "write", 1L, null, 0, 10).ok(1, "write", 2L, null, 20, 40);
    expect(REG, h().and(base).ok(2, "read", null, 1L, 25, 30), Verdict.VALID);
    expect(REG, h().and(base).ok(2, "read", null, 2L, 25, 30), Verdict.VALID);
  }

  @Test
  void opsTouchingAtOneTimestampAreConcurrent() {
    // The write completes at 10, the read is invoked at 10: they overlap at that instant, so the
    // read may be ordered before the write and see the initial null...
    expect(
        REG, h().ok(1, "write", 1L, null, 0, 10).ok(2, "read", null, null, 10, 20), Verdict.VALID);
    // ...but one nanosecond later it may not.
    expect(
        REG,
        h().ok(1, "write", 1L, null, 0, 10).ok(2, "read", null, null, 11, 20),
        Verdict.INVALID);
  }

  @Test
  void zeroLengthOps() {
    expect(REG, h().ok(1, "write", 1L, null, 5, 5).ok(2, "read", null, 1L, 5, 5), Verdict.VALID);
    expect(REG, h().ok(1, "write", 1L, null, 5, 5).ok(2, "read", null, 1L, 4, 4), Verdict.INVALID);
  }

  @Test
  void infoWriteMustBePlacedLate() {
    // p1's write of 3 timed out; it took effect after p2 read 1, before p3 read 3.
    expect(
        REG,
        h().ok(1, "write", 1L, null, 0, 10)
            .info(2, "write", 3L, 20, 30)
            .ok(3, "read", null, 1L, 100, 110)
            .ok(4, "read", null, 3L, 200, 210),
        Verdict.VALID);
  }

  @Test
  void infoWriteCannotTakeEffectBeforeItsInvoke() {
    expect(REG, h().ok(3, "read", null, 3L, 0, 10).info(2, "write", 3L, 20, 30), Verdict.INVALID);
  }

  @Test
  void infoOpThatNeverHappened() {
    expect(
        REG,
        h().ok(1, "write", 1L, null, 0, 10)
            .info(2, "write", 3L, 20, 30)
            .ok(3, "read", null, 1L, 100, 110),
        Verdict.VALID);
  }

  @Test
  void pendingInvokeCountsAsInfo() {
    expect(REG, h().pending(2, "write", 7L, 5).ok(3, "read", null, 7L, 100, 110), Verdict.VALID);
  }

  @Test
  void infoWriteCanHappenOnlyOnce() {
    // After the info write of 3 took effect and 4 was written, 3 cannot come back.
    expect(
        REG,
        h().info(1, "write", 3L, 0, 5)
            .ok(2, "read", null, 3L, 10, 20)
            .ok(2, "write", 4L, null, 30, 40)
            .ok(2, "read", null, 3L, 50, 60),
        Verdict.INVALID);
  }

  @Test
  void failedOpsAreIgnored() {
    expect(
        REG,
        h().ok(1, "write", 1L, null, 0, 10)
            .fail(2, "write", 2L, 20, 30)
            .ok(3, "read", null, 1L, 40, 50),
        Verdict.VALID);
    expect(
        REG,
        h().ok(1, "write", 1L, null, 0, 10)
            .fail(2, "write", 2L, 20, 30)
            .ok(3, "read", null, 2L, 40, 50),
        Verdict.INVALID);
  }

  @Test
  void casReturningTrueAndFalse() {
    expect(
        REG,
        h().ok(1, "write", 1L, null, 0, 10)
            .ok(2, "cas", List.of(1L, 2L), true, 20, 30)
            .ok(3, "cas", List.of(1L, 3L), false, 40, 50)
            .ok(4, "read", null, 2L, 60, 70),
        Verdict.VALID);
    // cas 1->3 cannot fail while the register holds 1
    expect(
        REG,
        h().ok(1, "write", 1L, null, 0, 10).ok(3, "cas", List.of(1L, 3L), false, 40, 50),
        Verdict.INVALID);
    // cas 2->3 cannot succeed on 1
    expect(
        REG,
        h().ok(1, "write", 1L, null, 0, 10).ok(3, "cas", List.of(2L, 3L), true, 40, 50),
        Verdict.INVALID);
  }

  @Test
  void casOkWithoutValueMeansItHappened() {
    expect(
        REG,
        h().ok(1, "write", 1L, null, 0, 10)
            .ok(2, "cas", List.of(1L, 2L), null, 20, 30)
            .ok(3, "read", null, 2L, 40, 50),
        Verdict.VALID);
  }

  @Test
  void casFalseConcurrentWithWrite() {
    // The cas saw something other than 1: it must be ordered before the write of 1.
    expect(
        REG,
        h().ok(1, "write", 1L, null, 0, 100)
            .ok(2, "cas", List.of(1L, 2L), false, 10, 20)
            .ok(3, "read", null, 1L, 200, 210),
        Verdict.VALID);
  }

  @Test
  void twoConcurrentCasCannotBothSucceed() {
    expect(
        REG,
        h().ok(1, "write", 0L, null, 0, 5)
            .ok(2, "cas", List.of(0L, 1L), true, 10, 30)
            .ok(3, "cas", List.of(0L, 2L), true, 10, 30),
        Verdict.INVALID);
  }

  @Test
  void infoCasMayHaveHappened() {
    expect(
        REG,
        h().ok(1, "write", 0L, null, 0, 5)
            .info(2, "cas", List.of(0L, 1L), 10, 20)
            .ok(3, "read", null, 1L, 30, 40),
        Verdict.VALID);
    expect(
        REG,
        h().ok(1, "write", 0L, null, 0, 5)
            .info(2, "cas", List.of(5L, 1L), 10, 20)
            .ok(3, "read", null, 1L, 30, 40),
        Verdict.INVALID);
  }

  @Test
  void keysAreIndependent() {
    H a = H.onKey("a").ok(1, "write", 1L, null, 0, 10);
    H b = H.onKey("b").ok(2, "read", null, null, 20, 30);
    expect(REG, h().and(a).and(b), Verdict.VALID);
    H bad = H.onKey("a").ok(3, "read", null, null, 20, 30);
    expect(REG, h().and(a).and(b).and(bad), Verdict.INVALID);
  }

  @Test
  void classicNonLinearizableRegister() {
    // Herlihy & Wing's example: two reads of a concurrently written register in opposite orders.
    expect(
        REG,
        h().ok(1, "write", 0L, null, 0, 5)
            .ok(1, "write", 1L, null, 10, 100)
            .ok(2, "read", null, 1L, 20, 30)
            .ok(3, "read", null, 0L, 40, 50),
        Verdict.INVALID);
  }

  // ---------------------------------------------------------------- mutex

  static final Model<?> MUTEX = new Mutex();

  @Test
  void mutexSequentialHolders() {
    expect(
        MUTEX,
        h().ok(1, "acquire", null, null, 0, 10)
            .ok(1, "release", null, null, 20, 30)
            .ok(2, "acquire", null, null, 40, 50)
            .ok(2, "release", null, null, 60, 70),
        Verdict.VALID);
  }

  @Test
  void mutexTwoHoldersIsInvalid() {
    expect(
        MUTEX,
        h().ok(1, "acquire", null, null, 0, 10).ok(2, "acquire", null, null, 20, 30),
        Verdict.INVALID);
  }

  @Test
  void mutexConcurrentAcquireAndRelease() {
    // p2's acquire overlaps p1's release: fine.
    expect(
        MUTEX,
        h().ok(1, "acquire", null, null, 0, 10)
            .ok(1, "release", null, null, 20, 40)
            .ok(2, "acquire", null, null, 30, 35),
        Verdict.VALID);
  }

  @Test
  void mutexReleaseByNonHolderIsInvalid() {
    expect(
        MUTEX,
        h().ok(1, "acquire", null, null, 0, 10).ok(2, "release", null, null, 20, 30),
        Verdict.INVALID);
  }

  @Test
  void mutexFailedAcquireIgnored() {
    expect(
        MUTEX,
        h().ok(1, "acquire", null, null, 0, 10)
            .fail(2, "acquire", null, 20, 30)
            .ok(1, "release", null, null, 40, 50),
        Verdict.VALID);
  }

  @Test
  void mutexInfoReleaseLetsOthersIn() {
    // p1's release timed out; p2 acquired later: the release must have happened in between.
    expect(
        MUTEX,
        h().ok(1, "acquire", null, null, 0, 10)
            .info(1, "release", null, 20, 30)
            .ok(2, "acquire", null, null, 40, 50),
        Verdict.VALID);
  }

  @Test
  void mutexInfoAcquireMayHaveTakenTheLock() {
    // p1's acquire timed out, then p1's release succeeded: the acquire happened.
    expect(
        MUTEX,
        h().info(1, "acquire", null, 0, 10).ok(1, "release", null, null, 20, 30),
        Verdict.VALID);
    // But p1 cannot release a lock p2 holds.
    expect(
        MUTEX,
        h().ok(2, "acquire", null, null, 0, 5)
            .info(1, "acquire", null, 10, 20)
            .ok(1, "release", null, null, 30, 40),
        Verdict.INVALID);
  }

  @Test
  void mutexReacquireByHolder() {
    expect(
        MUTEX,
        h().ok(1, "acquire", null, null, 0, 10)
            .ok(1, "acquire", null, null, 20, 30)
            .ok(1, "release", null, null, 40, 50),
        Verdict.VALID);
  }

  // ---------------------------------------------------------------- fenced-mutex

  static final Model<?> FMUTEX = new FencedMutex();

  @Test
  void fencedTokensIncrease() {
    expect(
        FMUTEX,
        h().ok(1, "acquire", null, 1L, 0, 10)
            .ok(1, "release", null, null, 20, 30)
            .ok(2, "acquire", null, 5L, 40, 50)
            .ok(2, "release", null, null, 60, 70),
        Verdict.VALID);
  }

  @Test
  void fencedTokenRegressionIsInvalid() {
    expect(
        FMUTEX,
        h().ok(1, "acquire", null, 5L, 0, 10)
            .ok(1, "release", null, null, 20, 30)
            .ok(2, "acquire", null, 5L, 40, 50),
        Verdict.INVALID);
    expect(
        FMUTEX,
        h().ok(1, "acquire", null, 5L, 0, 10)
            .ok(1, "release", null, null, 20, 30)
            .ok(2, "acquire", null, 3L, 40, 50),
        Verdict.INVALID);
  }

  @Test
  void fencedConcurrentAcquiresOrderedByToken() {
    // Two acquisitions overlapping in time: the one with the lower token must be first.
    expect(
        FMUTEX,
        h().ok(1, "acquire", null, 2L, 0, 50)
            .ok(1, "release", null, null, 60, 70)
            .ok(2, "acquire", null, 1L, 10, 20)
            .ok(2, "release", null, null, 25, 30),
        Verdict.VALID);
  }

  @Test
  void fencedReacquireIsNotANewAcquisition() {
    expect(
        FMUTEX,
        h().ok(1, "acquire", null, 3L, 0, 10)
            .ok(1, "acquire", null, 3L, 20, 30)
            .ok(1, "release", null, null, 40, 50),
        Verdict.VALID);
    expect(
        FMUTEX,
        h().ok(1, "acquire", null, 3L, 0, 10).ok(1, "acquire", null, 2L, 20, 30),
        Verdict.INVALID);
  }

  @Test
  void fencedInfoAcquireConsumesNoKnownToken() {
    expect(
        FMUTEX,
        h().ok(1, "acquire", null, 3L, 0, 10)
            .ok(1, "release", null, null, 20, 30)
            .info(2, "acquire", null, 40, 50)
            .ok(3, "acquire", null, 4L, 100, 110),
        Verdict.VALID);
  }

  @Test
  void fencedMutualExclusionStillChecked() {
    expect(
        FMUTEX,
        h().ok(1, "acquire", null, 1L, 0, 10).ok(2, "acquire", null, 2L, 20, 30),
        Verdict.INVALID);
  }

  // ---------------------------------------------------------------- counter

  static final Model<?> STOCK = new Counter(2);

  @Test
  void counterDecrementsToZeroThenSoldOut() {
    expect(
        STOCK,
        h().ok(1, "decrement", null, 1L, 0, 10)
            .ok(2, "decrement", null, 0L, 20, 30)
            .ok(3, "decrement", null, false, 40, 50)
            .ok(3, "read", null, 0L, 60, 70),
        Verdict.VALID);
  }

  @Test
  void counterOversellingIsInvalid() {
    // Both clients read 2 and wrote 1: a lost decrement.
    expect(
        STOCK,
        h().ok(1, "decrement", null, 1L, 0, 10).ok(2, "decrement", null, 1L, 5, 15),
        Verdict.INVALID);
    // Three successful decrements of a stock of 2.
    expect(
        STOCK,
        h().ok(1, "decrement", null, 1L, 0, 10)
            .ok(2, "decrement", null, 0L, 20, 30)
            .ok(3, "decrement", null, 0L, 40, 50),
        Verdict.INVALID);
  }

  @Test
  void counterConcurrentDecrementsInEitherOrder() {
    expect(
        STOCK,
        h().ok(1, "decrement", null, 0L, 0, 30).ok(2, "decrement", null, 1L, 10, 20),
        Verdict.VALID);
  }

  @Test
  void counterSoldOutTooEarlyIsInvalid() {
    expect(STOCK, h().ok(1, "decrement", null, false, 0, 10), Verdict.INVALID);
  }

  @Test
  void counterInfoDecrementMayHaveHappened() {
    expect(
        STOCK,
        h().info(1, "decrement", null, 0, 10).ok(2, "read", null, 1L, 20, 30),
        Verdict.VALID);
    expect(
        STOCK,
        h().info(1, "decrement", null, 0, 10).ok(2, "read", null, 2L, 20, 30),
        Verdict.VALID);
    expect(
        STOCK,
        h().info(1, "decrement", null, 0, 10).ok(2, "read", null, 0L, 20, 30),
        Verdict.INVALID);
  }

  @Test
  void counterFailedDecrementIgnored() {
    expect(
        STOCK,
        h().fail(1, "decrement", null, 0, 10).ok(2, "read", null, 2L, 20, 30),
        Verdict.VALID);
  }

  // ---------------------------------------------------------------- fenced-register

  static final Model<?> FREG = new FencedRegister();

  @Test
  void fencedRegisterAcceptsIncreasingTokens() {
    expect(
        FREG,
        h().ok(1, "write", List.of(1L, "a"), null, 0, 10)
            .ok(2, "read", List.of(2L), "a", 20, 30)
            .ok(2, "write", List.of(2L, "b"), null, 40, 50)
            .ok(1, "read", List.of(2L), "b", 60, 70),
        Verdict.VALID);
  }

  @Test
  void fencedRegisterRejectsStaleTokens() {
    expect(
        FREG,
        h().ok(2, "read", List.of(2L), null, 0, 10)
            .ok(1, "write", List.of(1L, "x"), "stale", 20, 30),
        Verdict.VALID);
    // Accepting the stale write is a violation.
    expect(
        FREG,
        h().ok(2, "read", List.of(2L), null, 0, 10).ok(1, "write", List.of(1L, "x"), null, 20, 30),
        Verdict.INVALID);
    // Rejecting a current token is a violation too.
    expect(
        FREG,
        h().ok(2, "read", List.of(2L), null, 0, 10)
            .ok(3, "write", List.of(2L, "x"), "stale", 20, 30),
        Verdict.INVALID);
  }

  @Test
  void fencedRegisterReadsAreFencedToo() {
    // An access-fenced read records its token: after a read with token 5, a write with 4 is stale.
    expect(
        FREG,
        h().ok(1, "read", 5L, null, 0, 10).ok(2, "write", List.of(4L, "old"), true, 20, 30),
        Verdict.INVALID);
  }

  @Test
  void fencedRegisterLostUpdateWithoutFencingIsCaught() {
    // Holder 1 (token 1) reads 10, holder 2 (token 2) reads 10 and writes 9, then holder 1's
    // write of 9 is accepted: the guard failed.
    expect(
        FREG,
        h().ok(1, "read", List.of(1L), null, 0, 10)
            .ok(2, "read", List.of(2L), null, 20, 30)
            .ok(2, "write", List.of(2L, 9L), null, 40, 50)
            .ok(1, "write", List.of(1L, 9L), null, 60, 70),
        Verdict.INVALID);
  }
}
