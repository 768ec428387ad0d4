package dev.distlock.matrix;

import dev.distlock.SafetyProperty;
import dev.distlock.check.PropertyVerdict;
import java.util.Optional;

/** Wording of a cell, shared by the terminal, Markdown and HTML renderings. */
public final class Cells {
  private Cells() {}

  /**
   * Returns a one-letter code: {@code V} violated as predicted, {@code h} held as predicted, {@code
   * !} DISAGREES (violated though predicted to hold), {@code ?} not reached (predicted violation
   * not produced), {@code -} inconclusive.
   *
   * @param c the cell
   * @param p the property
   * @return the code
   */
  public static String code(CellResult c, SafetyProperty p) {
    return switch (c.outcome(p)) {
      case AGREES -> c.expectations().get(p).violated() ? "V" : "h";
      case DISAGREES -> "!";
      case NOT_REACHED -> "?";
      case INCONCLUSIVE -> "-";
    };
  }

  /**
   * Returns the liveness code of a cell: {@code h} holds (as expected), {@code !} violated
   * (DISAGREES: liveness is expected everywhere), {@code -} no verdict, {@code .} no continuous
   * run.
   *
   * @param c the cell
   * @return the code
   */
  public static String livenessCode(CellResult c) {
    return c.livenessOutcome()
        .map(
            o ->
                switch (o) {
                  case AGREES -> "h";
                  case DISAGREES -> "!";
                  default -> "-";
                })
        .orElse(".");
  }

  /**
   * Returns the observed liveness in words, with the run count, the first violation's seed and the
   * measured recovery time.
   *
   * @param c the cell
   * @return e.g. "holds (1 run, recovery 587 ms)", "no continuous run"
   */
  public static String livenessText(CellResult c) {
    int n = c.livenessRuns().size();
    if (c.liveness().isEmpty()) {
      return "no continuous run";
    }
    String rec =
        c.recoveryMillis() < 0 ? "" : String.format(", recovery %.0f ms", c.recoveryMillis());
    return switch (c.liveness().get()) {
      case HOLDS -> "holds (" + n + (n == 1 ? " run" : " runs") + rec + ")";
      case UNKNOWN -> "unknown (" + n + " runs)";
      case VIOLATED ->
          "violated (seed "
              + c.firstLivenessViolation().orElseThrow().plan().seed()
              + ", "
              + c.livenessRuns().stream()
                  .filter(r -> r.load().liveness() == PropertyVerdict.VIOLATED)
                  .count()
              + "/"
              + n
              + " runs"
              + rec
              + ")";
    };
  }

  /**
   * Returns the three codes of a cell (mutual exclusion, token order, resource safety).
   *
   * @param c the cell
   * @param p unused for all three; kept for symmetry with {@link #text}
   * @return e.g. {@code V h V}
   */
  public static String shortText(CellResult c, SafetyProperty p) {
    return p.name().substring(0, 2) + ":" + code(c, p);
  }

  /**
   * Returns the observed verdict in words, with the run count and the first violation's seed.
   *
   * @param c the cell
   * @param p the property
   * @return e.g. "violated (seed 42, 1/2 runs)", "holds (2 runs)", "not reached (2 runs)"
   */
  public static String text(CellResult c, SafetyProperty p) {
    int n = c.checkedRuns().size();
    Optional<PropertyVerdict> v = c.observed(p);
    if (v.isEmpty()) {
      return "no verdict (" + c.runs().size() + " runs failed)";
    }
    if (v.get() == PropertyVerdict.VIOLATED) {
      long k =
          c.checkedRuns().stream().filter(r -> r.verdict(p) == PropertyVerdict.VIOLATED).count();
      return "violated (seed "
          + c.firstViolation(p).orElseThrow().plan().seed()
          + ", "
          + k
          + "/"
          + n
          + " runs)";
    }
    if (v.get() == PropertyVerdict.UNKNOWN) {
      return "unknown (" + n + " runs)";
    }
    return c.outcome(p) == Outcome.NOT_REACHED
        ? "not reached (" + n + " runs)"
        : "holds (" + n + " runs)";
  }

  /**
   * Returns a property's short name for table headers.
   *
   * @param p the property
   * @return e.g. "mutual exclusion"
   */
  public static String name(SafetyProperty p) {
    return switch (p) {
      case MUTUAL_EXCLUSION -> "mutual exclusion";
      case TOKEN_MONOTONIC -> "token order";
      case RESOURCE_SAFETY -> "resource safety";
    };
  }
}
