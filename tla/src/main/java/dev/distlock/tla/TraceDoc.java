package dev.distlock.tla;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/**
 * The committed, readable copy of an expected counterexample: {@code docs/traces/<config>.txt}.
 *
 * <p>The file is a short human explanation, then a marker line, then the trace as TLC prints it
 * with {@code -difftrace} (each state shows only the variables that changed), with the source
 * positions dropped from the action names so that editing a spec's layout does not churn the trace.
 * The build compares the part below the marker with what TLC found in this run.
 */
final class TraceDoc {

  static final String MARKER =
      "---- TLC counterexample (generated: refresh with ./mvnw -pl tla verify"
          + " -Dtla.updateTraces=true) ----";

  private static final Pattern POSITION =
      Pattern.compile(" line \\d+, col \\d+ to line \\d+, col \\d+ of module \\w+>");

  private final Path file;

  TraceDoc(Path dir, CheckConfig config) {
    this.file = dir.resolve(config.name() + ".txt");
  }

  Path file() {
    return file;
  }

  /**
   * TLC's trace with {@code <Action line 1, col 2 to line 3, col 4 of module M>} as {@code
   * <Action>}.
   */
  static String readable(String tlcTrace) {
    return POSITION.matcher(tlcTrace).replaceAll(">");
  }

  /** The trace stored below the marker, or empty if the file or the marker is missing. */
  Optional<String> storedTrace() {
    if (!Files.exists(file)) {
      return Optional.empty();
    }
    String text = read();
    int at = text.indexOf(MARKER);
    return at < 0
        ? Optional.empty()
        : Optional.of(text.substring(at + MARKER.length()).strip() + "\n");
  }

  /**
   * Checks the stored trace against {@code trace}.
   *
   * @return what is wrong, or empty if the stored trace is the one TLC found
   */
  Optional<String> check(String trace) {
    Optional<String> stored = storedTrace();
    if (stored.isEmpty()) {
      return Optional.of(
          "no counterexample in "
              + file
              + " (write the explanation, then run with -Dtla.updateTraces=true)");
    }
    return stored.get().equals(readable(trace))
        ? Optional.empty()
        : Optional.of(
            file + " holds another counterexample than TLC's (rerun with -Dtla.updateTraces=true)");
  }

  /**
   * Writes {@code trace} below the marker, keeping the explanation above it; a new file gets a
   * placeholder explanation.
   */
  void update(String trace, String heading) {
    String explanation;
    if (Files.exists(file)) {
      String text = read();
      int at = text.indexOf(MARKER);
      explanation = (at < 0 ? text : text.substring(0, at)).strip();
    } else {
      explanation = heading + "\n\n(explanation to be written)";
    }
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, explanation + "\n\n" + MARKER + "\n" + readable(trace), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot write " + file, e);
    }
  }

  /** Names of the {@code .txt} files in {@code dir} that belong to no violating configuration. */
  static List<String> orphans(Path dir, List<CheckConfig> configs) {
    if (!Files.isDirectory(dir)) {
      return List.of();
    }
    Set<String> expected =
        configs.stream()
            .filter(c -> !c.expectsHolds())
            .map(c -> c.name() + ".txt")
            .collect(Collectors.toSet());
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .map(p -> p.getFileName().toString())
          .filter(n -> n.endsWith(".txt") && !expected.contains(n))
          .sorted()
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  private String read() {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }
}
