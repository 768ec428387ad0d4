package dev.distlock.matrix;

import dev.distlock.SafetyProperty;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * A finished campaign: its settings and every cell.
 *
 * @param options the campaign's settings
 * @param command the command line that reproduces it
 * @param started when it started
 * @param elapsed how long it took
 * @param cells the cells, rows in matrix order, then columns
 */
public record MatrixResult(
    CampaignOptions options,
    String command,
    Instant started,
    Duration elapsed,
    List<CellResult> cells) {

  /** Copies the list. */
  public MatrixResult {
    cells = List.copyOf(cells);
  }

  /**
   * Returns the number of runs carried out (errored ones included).
   *
   * @return the run count
   */
  public int runCount() {
    return cells.stream().mapToInt(c -> c.runs().size()).sum();
  }

  /**
   * Counts the (cell, property) pairs with an outcome.
   *
   * @param outcome the outcome
   * @return how many
   */
  public long count(Outcome outcome) {
    return cells.stream()
            .flatMap(c -> java.util.Arrays.stream(SafetyProperty.values()).map(c::outcome))
            .filter(o -> o == outcome)
            .count()
        + cells.stream().filter(c -> c.livenessOutcome().orElse(null) == outcome).count();
  }
}
