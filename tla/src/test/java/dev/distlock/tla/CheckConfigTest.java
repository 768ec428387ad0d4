package dev.distlock.tla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckConfigTest {

  @Test
  void readsAHoldingConfiguration() {
    CheckConfig c = CheckConfig.of(Path.of("specs/Redlock_NoFault.holds.cfg"));
    assertThat(c.module()).isEqualTo("Redlock");
    assertThat(c.name()).isEqualTo("Redlock_NoFault.holds");
    assertThat(c.expectsHolds()).isTrue();
    assertThat(c.expectation()).isEqualTo("holds");
  }

  @Test
  void readsAViolatingConfiguration() {
    CheckConfig c = CheckConfig.of(Path.of("SingleRedis_CrashRestart.violates-TokenMonotonic.cfg"));
    assertThat(c.module()).isEqualTo("SingleRedis");
    assertThat(c.violated()).contains("TokenMonotonic");
    assertThat(c.expectation()).isEqualTo("violates TokenMonotonic");
  }

  @Test
  void rejectsNamesWithoutAnExpectation() {
    assertThatThrownBy(() -> CheckConfig.of(Path.of("Redlock_NoFault.cfg")))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("holds");
    assertThatThrownBy(() -> CheckConfig.of(Path.of("Redlock.holds.cfg")))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void aViolationIsAMismatchForAHoldingConfiguration() {
    CheckConfig c = CheckConfig.of(Path.of("Redlock_NoFault.holds.cfg"));
    assertThat(c.mismatch(violated("MutualExclusion")))
        .get()
        .asString()
        .contains("MutualExclusion");
  }

  @Test
  void noViolationIsAMismatchForAViolatingConfiguration() {
    CheckConfig c = CheckConfig.of(Path.of("Redlock_ClockJump.violates-MutualExclusion.cfg"));
    assertThat(c.mismatch(holds(5000))).get().asString().contains("found none");
  }

  @Test
  void theViolatedPropertyMustBeTheNamedOne() {
    CheckConfig c = CheckConfig.of(Path.of("Redlock_ClockJump.violates-MutualExclusion.cfg"));
    assertThat(c.mismatch(violated("MutualExclusion"))).isEmpty();
    assertThat(c.mismatch(violated("TypeOK"))).get().asString().contains("TypeOK");
  }

  @Test
  void aTinyStateSpaceIsNoEvidence() {
    CheckConfig c = CheckConfig.of(Path.of("Redlock_NoFault.holds.cfg"));
    assertThat(c.mismatch(holds(5000))).isEmpty();
    assertThat(c.mismatch(holds(3))).get().asString().contains("too small");
  }

  @Test
  void aLivenessViolationIsTheExpectedOneWhenItIsTheOnlyPropertyChecked(@TempDir Path dir)
      throws IOException {
    Path cfg = dir.resolve("FairQueue_NoEviction.violates-NoHang.cfg");
    Files.writeString(
        cfg,
        "\\* PROPERTIES Other (a comment)\nCONSTANTS\n    N = 2\nSPECIFICATION FairSpec\n"
            + "PROPERTIES\n    NoHang\nSYMMETRY Perms\n");
    CheckConfig c = CheckConfig.of(cfg);
    assertThat(c.soleProperty()).contains("NoHang");
    assertThat(c.mismatch(liveness())).isEmpty();
  }

  @Test
  void aLivenessViolationIsAmbiguousWhenSeveralPropertiesAreChecked(@TempDir Path dir)
      throws IOException {
    Path cfg = dir.resolve("FairQueue_NoEviction.violates-NoHang.cfg");
    Files.writeString(cfg, "SPECIFICATION FairSpec\nPROPERTIES NoHang FIFO\n");
    CheckConfig c = CheckConfig.of(cfg);
    assertThat(c.soleProperty()).isEmpty();
    assertThat(c.mismatch(liveness())).get().asString().contains("a liveness property");
  }

  @Test
  void aLivenessViolationIsAMismatchForAHoldingConfiguration(@TempDir Path dir) throws IOException {
    Path cfg = dir.resolve("FairQueue_Liveness.holds.cfg");
    Files.writeString(cfg, "SPECIFICATION FairSpec\nPROPERTY NoHang\n");
    assertThat(CheckConfig.of(cfg).mismatch(liveness()))
        .get()
        .asString()
        .contains("expected to hold")
        .contains("NoHang");
  }

  private static TlcResult liveness() {
    return new TlcResult(
        13,
        TlcResult.Outcome.VIOLATED,
        Optional.empty(),
        50,
        100,
        -1,
        Optional.of("State 1: <Initial predicate>\n\nState 2: Stuttering\n"),
        Optional.empty(),
        Duration.ofSeconds(1));
  }

  private static TlcResult holds(long states) {
    return new TlcResult(
        0,
        TlcResult.Outcome.HOLDS,
        Optional.empty(),
        states,
        states * 2,
        10,
        Optional.empty(),
        Optional.empty(),
        Duration.ofSeconds(1));
  }

  private static TlcResult violated(String property) {
    return new TlcResult(
        12,
        TlcResult.Outcome.VIOLATED,
        Optional.of(property),
        50,
        100,
        5,
        Optional.of("State 1: <Initial predicate>\n"),
        Optional.empty(),
        Duration.ofSeconds(1));
  }
}
