package dev.distlock.check;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.LockTimeoutException;
import dev.distlock.history.History;
import dev.distlock.history.Recorder;
import dev.distlock.spi.LockClients;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * Each liveness check holds on a correct run and fails on a deliberately broken one: a backend that
 * never releases, a lease stuck neither valid nor lost, a zero token, a leftover lock entry and a
 * leaked thread.
 */
class LivenessChecksTest {
  private static final long MS = 1_000_000;

  /** Two clients take turns on one lock through a real lock client; recorded on a fake clock. */
  private static History turns(MapBackend backend) {
    AtomicLong now = new AtomicLong(1_000 * MS);
    Recorder r = Recorder.create(() -> now.addAndGet(MS));
    LockSettings settings = LockSettings.builder().ttl(Duration.ofSeconds(30)).build();
    try (LockClient a = LockClients.create(backend, settings);
        LockClient b = LockClients.create(backend, settings)) {
      for (int round = 0; round < 2; round++) {
        for (long p = 1; p <= 2; p++) {
          LockClient c = p == 1 ? a : b;
          Recorder.Pending acq = r.invoke(p, "acquire", "order", null);
          Lease lease;
          try {
            lease = c.lock("order").acquire(Duration.ofMillis(50));
          } catch (LockTimeoutException e) {
            acq.fail(null);
            continue;
          }
          acq.ok(lease.fencingToken());
          Recorder.Pending rel = r.invoke(p, "release", "order", null);
          lease.close();
          rel.ok(null);
        }
      }
    }
    return r.history();
  }

  @Test
  void recoveryHoldsWhenEveryClientAcquiresAndReleasesAgain() {
    History h = turns(MapBackend.correct());
    LivenessChecks.Recovery r = LivenessChecks.recovery(h, 0, 10_000 * MS);
    assertThat(r.finding().verdict()).isEqualTo(PropertyVerdict.HOLDS);
    assertThat(r.finding().detail()).contains("2 (client, lock) pairs recovered");
    assertThat(r.recoveryMillis()).isPositive();
  }

  @Test
  void recoveryFailsOnABackendThatNeverReleases() {
    History h = turns(MapBackend.neverReleases());
    LivenessChecks.Recovery r = LivenessChecks.recovery(h, 0, 10_000 * MS);
    assertThat(r.finding().verdict()).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(r.finding().detail()).contains("never acquired and released again: [p2/order]");
  }

  @Test
  void recoveryFailsWhenItTakesLongerThanTheBound() {
    History h = turns(MapBackend.correct());
    LivenessChecks.Recovery r = LivenessChecks.recovery(h, 0, 1);
    assertThat(r.finding().verdict()).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(r.finding().detail()).contains("later than the bound");
  }

  /**
   * SafetyMatrixIT flaked on single-replica+guard x failover: a client busy with other names for
   * the 6 s of load left after the heal turned to its last name in the recovery pass and was timed
   * from the heal, 13.0 s against a 12.3 s bound, while the lock had been free all along. A client
   * is timed from its first try after the heal.
   */
  @Test
  void aClientThatTurnsToALockOnlyLongAfterTheHealIsTimedFromItsFirstTry() {
    AtomicLong now = new AtomicLong();
    Recorder r = Recorder.create(now::get);
    hold(r, now, 1, 10, 20, 30, 40); // before the heal at 100 ms
    hold(r, now, 1, 9_000, 9_010, 9_020, 9_030); // the first try after it, 9 s later
    LivenessChecks.Recovery rec = LivenessChecks.recovery(r.history(), 100 * MS, 1_000 * MS);
    assertThat(rec.finding().verdict()).isEqualTo(PropertyVerdict.HOLDS);
    assertThat(rec.recoveryMillis()).isEqualTo(30.0);
  }

  /** ...but a client already waiting for the lock at the heal is timed from the heal. */
  @Test
  void aClientWaitingForTheLockAcrossTheHealIsTimedFromTheHeal() {
    AtomicLong now = new AtomicLong();
    Recorder r = Recorder.create(now::get);
    now.set(50 * MS);
    Recorder.Pending stuck = r.invoke(1, "acquire", "order", null);
    now.set(6_050 * MS);
    stuck.fail(null); // timed out: the lock was not usable
    hold(r, now, 1, 6_100, 6_110, 6_120, 6_130);
    LivenessChecks.Recovery rec = LivenessChecks.recovery(r.history(), 100 * MS, 1_000 * MS);
    assertThat(rec.finding().verdict()).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(rec.finding().detail()).contains("p1/order after 6030 ms");
  }

  /** Records one acquire (ok, token 1) and release of "order" at the given milliseconds. */
  private static void hold(Recorder r, AtomicLong now, long p, long... ms) {
    now.set(ms[0] * MS);
    Recorder.Pending acq = r.invoke(p, "acquire", "order", null);
    now.set(ms[1] * MS);
    acq.ok(1L);
    now.set(ms[2] * MS);
    Recorder.Pending rel = r.invoke(p, "release", "order", null);
    now.set(ms[3] * MS);
    rel.ok(null);
  }

  @Test
  void aLeaseNeitherValidNorLostPastTheBoundIsStuck() {
    LeaseWatch ok = new LeaseWatch(1_000 * MS);
    // Invalid for a moment (a thawed client), then gone: not stuck.
    ok.observe(1, 0, "released=3 lost=0 open=order/7/HELD/-5000/held");
    ok.observe(1, 2_000 * MS, "released=4 lost=1 open=");
    assertThat(ok.finding().verdict()).isEqualTo(PropertyVerdict.HOLDS);

    LeaseWatch broken = new LeaseWatch(1_000 * MS);
    broken.observe(2, 0, "released=3 lost=0 open=order/7/HELD/-10/held");
    broken.observe(2, 500 * MS, "released=3 lost=0 open=order/7/SUSPENDED/-510/held");
    broken.observe(2, 1_500 * MS, "released=3 lost=0 open=order/7/HELD/-1510/held");
    assertThat(broken.finding().verdict()).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(broken.finding().detail()).contains("client-2 order token 7");
  }

  @Test
  void aValidLeaseIsNeverStuck() {
    LeaseWatch w = new LeaseWatch(1_000 * MS);
    for (long t = 0; t < 10_000; t += 500) {
      w.observe(1, t * MS, "released=0 lost=0 open=order/7/HELD/999999999/held");
    }
    assertThat(w.finding().verdict()).isEqualTo(PropertyVerdict.HOLDS);
  }

  @Test
  void tokenSanityFailsOnATokenThatIsNotPositive() {
    assertThat(LivenessChecks.tokenSanity(turns(MapBackend.correct())).verdict())
        .isEqualTo(PropertyVerdict.HOLDS);
    Recorder r = Recorder.create();
    r.invoke(1, "acquire", "order", null).ok(0L);
    assertThat(LivenessChecks.tokenSanity(r.history()).verdict())
        .isEqualTo(PropertyVerdict.VIOLATED);
  }

  @Test
  void leaksFailOnALeftoverLockEntry() {
    MapBackend never = MapBackend.neverReleases();
    turns(never);
    Map<String, List<String>> left = Map.of("map", List.copyOf(never.entries().keySet()));
    LivenessFinding f = LivenessChecks.leaks(left, Map.of());
    assertThat(f.verdict()).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(f.detail()).contains("map still has [order]");
    MapBackend correct = MapBackend.correct();
    turns(correct);
    assertThat(correct.entries()).isEmpty();
    assertThat(LivenessChecks.leaks(Map.of("map", List.of()), Map.of()).verdict())
        .isEqualTo(PropertyVerdict.HOLDS);
  }

  @Test
  void leaksFailOnAClientThatLeaksAThreadOrAConnection() {
    assertThat(
            LivenessChecks.leaks(
                    Map.of(), Map.of(1, "threads=12 baseline=12 connections=0 leaked="))
                .verdict())
        .isEqualTo(PropertyVerdict.HOLDS);
    LivenessFinding thread =
        LivenessChecks.leaks(
            Map.of(),
            Map.of(1, "threads=13 baseline=12 connections=0 leaked=leaked-by-map-backend"));
    assertThat(thread.verdict()).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(thread.detail()).contains("client-1", "leaked-by-map-backend");
    LivenessFinding conn =
        LivenessChecks.leaks(Map.of(), Map.of(2, "threads=12 baseline=12 connections=3 leaked="));
    assertThat(conn.verdict()).isEqualTo(PropertyVerdict.VIOLATED);
    assertThat(
            LivenessChecks.leaks(Map.of(), java.util.Collections.singletonMap(3, null)).verdict())
        .isEqualTo(PropertyVerdict.VIOLATED);
  }
}
