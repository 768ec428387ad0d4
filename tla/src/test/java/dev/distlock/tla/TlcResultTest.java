package dev.distlock.tla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Console outputs below are abridged from real TLC 2.18 runs. */
class TlcResultTest {

  private static final String HOLDS =
      """
      TLC2 Version 2.18 of 20 March 2023
      Progress(18) at 2026-11-21 22:57:26: 27,683 states generated (27,683 s/min), 11,423 distinct states found (11,423 ds/min), 2,967 states left on queue.
      Model checking completed. No error has been found.
      119331 states generated, 45036 distinct states found, 0 states left on queue.
      The depth of the complete state graph search is 47.
      Finished in 12s at (2026-11-21 22:57:30)
      """;

  private static final String INVARIANT =
      """
      Finished computing initial states: 1 distinct state generated.
      Error: Invariant MutualExclusion is violated.
      Error: The behavior up to this point is:
      State 1: <Initial predicate>
      /\\ owner = "none"

      State 2: <Serve line 156, col 5 to line 179, col 40 of module SingleRedis>
      /\\ owner = c1

      1814 states generated, 808 distinct states found, 356 states left on queue.
      The depth of the complete state graph search is 10.
      """;

  private static final String ACTION =
      """
      Error: Action property TokenMonotonic is violated.
      Error: The behavior up to this point is:
      State 1: <Initial predicate>
      x = 0

      806 states generated, 411 distinct states found, 206 states left on queue.
      The depth of the complete state graph search is 8.
      """;

  private static final String LIVENESS =
      """
      Checking temporal properties for the complete state space with 1537 total distinct states
      Error: Temporal properties were violated.

      Error: The following behavior constitutes a counter-example:

      State 1: <Initial predicate>
      /\\ queue = <<>>

      State 2: <Enqueue line 93, col 5 to line 98, col 74 of module FairQueue>
      /\\ queue = <<c2>>

      State 3: <Tick line 164, col 5 to line 174, col 60 of module FairQueue>
      /\\ age = (c1 :> 0 @@ c2 :> 1)

      Back to state 2: <Attempt line 101, col 5 to line 116, col 52 of module FairQueue>

      Finished checking temporal properties in 00s at 2026-12-01 21:22:09
      1537 states generated, 596 distinct states found, 0 states left on queue.
      Finished in 02s at (2026-12-01 21:22:09)
      """;

  private static final String STUTTERING =
      """
      Error: Temporal properties were violated.

      Error: The following behavior constitutes a counter-example:

      State 1: <Initial predicate>
      /\\ queue = <<>>

      State 2: Stuttering
      Finished checking temporal properties in 00s at 2026-12-01 21:22:09
      587 states generated, 352 distinct states found, 225 states left on queue.
      """;

  private static final String PARSE_ERROR =
      """
      Could not find declaration or definition of symbol '-.'.
      Starting... (2026-11-21 22:44:47)
      Error: Parsing or semantic analysis failed.
      Finished in 00s at (2026-11-21 22:44:47)
      """;

  @Test
  void parsesACompletedRun() {
    TlcResult r = TlcResult.parse(0, HOLDS, Duration.ofSeconds(12));
    assertThat(r.outcome()).isEqualTo(TlcResult.Outcome.HOLDS);
    assertThat(r.distinctStates()).isEqualTo(45036);
    assertThat(r.generatedStates()).isEqualTo(119331);
    assertThat(r.depth()).isEqualTo(47);
    assertThat(r.trace()).isEmpty();
    assertThat(r.describe()).isEqualTo("holds");
  }

  @Test
  void parsesAnInvariantViolation() {
    TlcResult r = TlcResult.parse(12, INVARIANT, Duration.ofSeconds(3));
    assertThat(r.outcome()).isEqualTo(TlcResult.Outcome.VIOLATED);
    assertThat(r.violatedProperty()).contains("MutualExclusion");
    assertThat(r.distinctStates()).isEqualTo(808);
    assertThat(r.depth()).isEqualTo(10);
    assertThat(r.trace().orElseThrow())
        .startsWith("State 1: <Initial predicate>")
        .contains("owner = c1")
        .doesNotContain("states generated");
  }

  @Test
  void anActionPropertyViolationExitsWith13() {
    TlcResult r = TlcResult.parse(13, ACTION, Duration.ofSeconds(1));
    assertThat(r.outcome()).isEqualTo(TlcResult.Outcome.VIOLATED);
    assertThat(r.violatedProperty()).contains("TokenMonotonic");
    assertThat(r.describe()).isEqualTo("violated TokenMonotonic");
  }

  @Test
  void aLivenessViolationExitsWith13AndNamesNoProperty() {
    TlcResult r = TlcResult.parse(13, LIVENESS, Duration.ofSeconds(2));
    assertThat(r.outcome()).isEqualTo(TlcResult.Outcome.VIOLATED);
    assertThat(r.violatedProperty()).isEmpty();
    assertThat(r.livenessViolation()).isTrue();
    assertThat(r.distinctStates()).isEqualTo(596);
    assertThat(r.trace().orElseThrow())
        .startsWith("State 1: <Initial predicate>")
        .contains("Back to state 2: <Attempt")
        .doesNotContain("Finished checking"); // it carries a time stamp
  }

  @Test
  void aStutteringCounterexampleIsALivenessViolation() {
    TlcResult r = TlcResult.parse(13, STUTTERING, Duration.ofSeconds(1));
    assertThat(r.livenessViolation()).isTrue();
    assertThat(r.trace().orElseThrow()).endsWith("State 2: Stuttering\n");
  }

  @Test
  void anActionPropertyViolationIsNotALivenessViolation() {
    assertThat(TlcResult.parse(13, ACTION, Duration.ofSeconds(1)).livenessViolation()).isFalse();
    assertThat(TlcResult.parse(12, INVARIANT, Duration.ofSeconds(1)).livenessViolation()).isFalse();
  }

  @Test
  void exit13WithoutAViolationReportIsAnError() {
    TlcResult r = TlcResult.parse(13, HOLDS.replace("No error", "Some error"), Duration.ZERO);
    assertThat(r.outcome()).isEqualTo(TlcResult.Outcome.ERROR);
  }

  @Test
  void otherExitCodesAreErrors() {
    TlcResult r = TlcResult.parse(150, PARSE_ERROR, Duration.ofSeconds(1));
    assertThat(r.outcome()).isEqualTo(TlcResult.Outcome.ERROR);
    assertThat(r.error().orElseThrow()).contains("Parsing or semantic analysis failed");
  }

  @Test
  void aViolationExitCodeWithoutATraceIsAnError() {
    TlcResult r = TlcResult.parse(12, PARSE_ERROR, Duration.ofSeconds(1));
    assertThat(r.outcome()).isEqualTo(TlcResult.Outcome.ERROR);
  }

  @Test
  void aTimedOutRunKeepsItsProgress() {
    TlcResult r = TlcResult.timedOut(HOLDS, Duration.ofSeconds(180));
    assertThat(r.outcome()).isEqualTo(TlcResult.Outcome.TIMEOUT);
    assertThat(r.distinctStates()).isEqualTo(45036);
  }
}
