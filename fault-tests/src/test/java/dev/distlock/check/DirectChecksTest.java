package dev.distlock.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.SafetyProperty;
import dev.distlock.history.History;
import dev.distlock.history.Recorder;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class DirectChecksTest {
  private final AtomicLong clock = new AtomicLong();
  private final Recorder rec = Recorder.create(() -> clock.addAndGet(10));

  private void acquire(long p, long token) {
    rec.invoke(p, "acquire", "l", null).ok(token);
  }

  private void release(long p) {
    rec.invoke(p, "release", "l", null).ok(null);
  }

  @Test
  void sequentialHoldsWithGrowingTokensPass() {
    acquire(1, 1);
    release(1);
    acquire(2, 2);
    release(2);
    History h = rec.history();
    assertThat(DirectChecks.overlappingHolders(h).verdict()).isEqualTo(PropertyVerdict.HOLDS);
    assertThat(DirectChecks.tokenOrder(h).verdict()).isEqualTo(PropertyVerdict.HOLDS);
  }

  @Test
  void holdsAndTokensOfDifferentLockNamesAreIndependent() {
    // Two lock names, each with its own fence counter: overlapping holds, repeated tokens.
    rec.invoke(1, "acquire", "a", null).ok(1L);
    rec.invoke(2, "acquire", "b", null).ok(1L);
    rec.invoke(1, "release", "a", null).ok(null);
    rec.invoke(2, "release", "b", null).ok(null);
    rec.invoke(2, "acquire", "a", null).ok(2L);
    rec.invoke(2, "release", "a", null).ok(null);
    History h = rec.history();
    assertThat(DirectChecks.overlappingHolders(h).verdict()).isEqualTo(PropertyVerdict.HOLDS);
    assertThat(DirectChecks.tokenOrder(h).verdict()).isEqualTo(PropertyVerdict.HOLDS);
    // The same pattern on one name is both an overlap and a repeated token.
    rec.invoke(3, "acquire", "b", null).ok(1L);
    rec.invoke(1, "acquire", "b", null).ok(1L);
    History bad = rec.history();
    assertThat(DirectChecks.overlappingHolders(bad).verdict()).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(DirectChecks.tokenOrder(bad).verdict()).isEqualTo(PropertyVerdict.VIOLATED);
  }

  @Test
  void overlappingHoldsAreFound() {
    acquire(1, 1);
    acquire(2, 2);
    release(1);
    release(2);
    Finding f = DirectChecks.overlappingHolders(rec.history());
    assertThat(f.verdict()).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(f.property()).isEqualTo(SafetyProperty.MUTUAL_EXCLUSION);
    assertThat(f.detail()).contains("p1 (token 1)").contains("p2 (token 2)");
  }

  @Test
  void aHolderThatNeverReleasesOverlapsEveryLaterHolder() {
    acquire(1, 1);
    acquire(2, 2);
    release(2);
    assertThat(DirectChecks.overlappingHolders(rec.history()).detail()).endsWith(" ms");
    acquire(3, 3);
    assertThat(DirectChecks.overlappingHolders(rec.history()).verdict())
        .isEqualTo(PropertyVerdict.VIOLATED);
  }

  @Test
  void twoHoldersThatNeverReleaseOverlapForTheRestOfTheRun() {
    acquire(1, 1);
    acquire(2, 2);
    assertThat(DirectChecks.overlappingHolders(rec.history()).detail())
        .contains("the rest of the run");
  }

  @Test
  void aRegressedTokenIsReportedAgainstTheLargestEarlierOne() {
    acquire(1, 3);
    release(1);
    acquire(1, 4);
    release(1);
    acquire(2, 1);
    release(2);
    Finding f = DirectChecks.tokenOrder(rec.history());
    assertThat(f.verdict()).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(f.detail()).isEqualTo("p2 acquired after p1 with token 1 <= 4");
  }

  @Test
  void concurrentAcquisitionsAreNotOrdered() {
    Recorder.Pending a = rec.invoke(1, "acquire", "l", null);
    Recorder.Pending b = rec.invoke(2, "acquire", "l", null);
    a.ok(5L);
    b.ok(4L);
    assertThat(DirectChecks.tokenOrder(rec.history()).verdict()).isEqualTo(PropertyVerdict.HOLDS);
  }

  @Test
  void finalStockMustMatchAcknowledgedDecrements() {
    rec.invoke(1, "decrement", "s", null).ok(9L);
    rec.invoke(2, "decrement", "s", null).ok(8L);
    rec.invoke(1, "decrement", "s", null).fail(null);
    History h = rec.history();
    assertThat(DirectChecks.stock(h, 10, 8).verdict()).isEqualTo(PropertyVerdict.HOLDS);
    Finding oversold = DirectChecks.stock(h, 10, 9);
    assertThat(oversold.verdict()).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(oversold.detail()).startsWith("final stock 9, expected 8");
  }

  @Test
  void unknownDecrementsWidenTheAcceptedRangeButNotBelowZero() {
    rec.invoke(1, "decrement", "s", null).ok(0L);
    rec.invoke(2, "decrement", "s", null).info(null);
    History h = rec.history();
    assertThat(DirectChecks.stock(h, 1, 0).verdict()).isEqualTo(PropertyVerdict.HOLDS);
    assertThat(DirectChecks.stock(h, 1, -1).verdict()).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(DirectChecks.stock(h, 1, 1).verdict()).isEqualTo(PropertyVerdict.VIOLATED);
  }

  @Test
  void verdictsMergeWithViolationFirstThenUnknown() {
    assertThat(PropertyVerdict.HOLDS.and(PropertyVerdict.UNKNOWN))
        .isEqualTo(PropertyVerdict.UNKNOWN);
    assertThat(PropertyVerdict.UNKNOWN.and(PropertyVerdict.VIOLATED))
        .isEqualTo(PropertyVerdict.VIOLATED);
    CheckReport r =
        new CheckReport(
            List.of(
                new Finding("a", SafetyProperty.MUTUAL_EXCLUSION, PropertyVerdict.HOLDS, ""),
                new Finding("b", SafetyProperty.MUTUAL_EXCLUSION, PropertyVerdict.VIOLATED, ""),
                new Finding("c", SafetyProperty.RESOURCE_SAFETY, PropertyVerdict.HOLDS, "")),
            List.of());
    assertThat(r.verdict(SafetyProperty.MUTUAL_EXCLUSION)).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(r.verdict(SafetyProperty.RESOURCE_SAFETY)).isEqualTo(PropertyVerdict.HOLDS);
    assertThat(r.verdict(SafetyProperty.TOKEN_MONOTONIC)).isNull();
  }
}
