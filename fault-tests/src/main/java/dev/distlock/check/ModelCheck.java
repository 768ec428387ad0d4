package dev.distlock.check;

import dev.distlock.SafetyProperty;
import dev.distlock.checker.Checker;
import dev.distlock.checker.Result;
import dev.distlock.checker.Verdict;
import dev.distlock.history.History;
import dev.distlock.model.Model;
import dev.distlock.timeline.Timeline;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * A linearizability check of one history against one model, with the timeline of each invalid key
 * written next to the history.
 *
 * @param name the check's name (the model's, e.g. "mutex")
 * @param property the property it tests
 * @param result the checker's result
 * @param timelines the timeline HTML written per invalid key (empty when valid)
 */
public record ModelCheck(
    String name, SafetyProperty property, Result result, Map<String, Path> timelines) {

  /** The checker deadline: the histories of targeted scenarios are tiny. */
  private static final Duration TIMEOUT = Duration.ofSeconds(30);

  /**
   * Checks {@code history} against {@code model} and writes a timeline per invalid key into {@code
   * dir/<name>/}.
   *
   * @param property the property the model tests
   * @param model the model
   * @param history the history
   * @param dir the run's directory
   * @return the check
   * @throws UncheckedIOException if a timeline cannot be written
   */
  public static ModelCheck run(SafetyProperty property, Model<?> model, History history, Path dir) {
    Result r = Checker.of(model).withTimeout(TIMEOUT).withParallelism(1).check(history);
    try {
      Map<String, Path> timelines =
          r.verdict() == Verdict.INVALID
              ? Timeline.writeAll(dir.resolve(model.name()), model, history, r)
              : Map.of();
      if (!timelines.isEmpty()) {
        Files.writeString(dir.resolve(model.name()).resolve("result.json"), r.toJson() + "\n");
      }
      return new ModelCheck(model.name(), property, r, Map.copyOf(timelines));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Returns the check as a finding.
   *
   * @return VIOLATED for invalid, UNKNOWN for unknown, HOLDS for valid
   */
  public Finding finding() {
    PropertyVerdict v =
        switch (result.verdict()) {
          case VALID -> PropertyVerdict.HOLDS;
          case INVALID -> PropertyVerdict.VIOLATED;
          case UNKNOWN -> PropertyVerdict.UNKNOWN;
        };
    String detail =
        result.verdict() == Verdict.INVALID
            ? "not linearizable: "
                + result.invalid().get(0).failure().blocking().describe()
                + " cannot follow state "
                + result.invalid().get(0).failure().stateAtFailure()
                + "; timeline "
                + List.copyOf(timelines.values())
            : result.ops() + " ops, " + result.verdict().name().toLowerCase(java.util.Locale.ROOT);
    return new Finding(name, property, v, detail);
  }
}
