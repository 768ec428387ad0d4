package dev.distlock.tla;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * One TLC configuration and the outcome it must have, both read from its file name.
 *
 * @param name the file name without {@code .cfg}, e.g. {@code
 *     Redlock_ClockJump.violates-MutualExclusion}
 * @param module the TLA+ module it configures, e.g. {@code Redlock}
 * @param file the configuration file
 * @param violated the property TLC must report as violated; empty if the configuration must hold
 */
public record CheckConfig(String name, String module, Path file, Optional<String> violated) {

  private static final Pattern NAME =
      Pattern.compile(
          "([A-Za-z][A-Za-z0-9]*)_[A-Za-z0-9_]+\\.(holds|violates-([A-Za-z][A-Za-z0-9]*))");

  /** Holding configurations must explore at least this many distinct states to count. */
  static final long MIN_STATES_FOR_HOLDS = 100;

  public CheckConfig {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(module, "module");
    Objects.requireNonNull(file, "file");
    Objects.requireNonNull(violated, "violated");
  }

  /**
   * Reads the expectation from {@code cfg}'s file name.
   *
   * @throws IllegalArgumentException if the name does not follow {@code
   *     <Module>_<Scenario>.(holds|violates-<Property>).cfg}
   */
  public static CheckConfig of(Path cfg) {
    String fileName = cfg.getFileName().toString();
    if (!fileName.endsWith(".cfg")) {
      throw new IllegalArgumentException("not a .cfg file: " + cfg);
    }
    String name = fileName.substring(0, fileName.length() - ".cfg".length());
    Matcher m = NAME.matcher(name);
    if (!m.matches()) {
      throw new IllegalArgumentException(
          "configuration name must be <Module>_<Scenario>.holds or"
              + " <Module>_<Scenario>.violates-<Property>: "
              + fileName);
    }
    return new CheckConfig(name, m.group(1), cfg, Optional.ofNullable(m.group(3)));
  }

  /** Every {@code *.cfg} in {@code dir}, sorted by name. */
  public static List<CheckConfig> discover(Path dir) {
    try (Stream<Path> files = Files.list(dir)) {
      return files
          .filter(p -> p.getFileName().toString().endsWith(".cfg"))
          .sorted()
          .map(CheckConfig::of)
          .toList();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir, e);
    }
  }

  /** True if TLC must find no violation. */
  public boolean expectsHolds() {
    return violated.isEmpty();
  }

  /** The expectation in words, e.g. {@code holds} or {@code violates MutualExclusion}. */
  public String expectation() {
    return violated.map(p -> "violates " + p).orElse("holds");
  }

  private static final Set<String> CFG_KEYWORDS =
      Set.of(
          "SPECIFICATION",
          "INIT",
          "NEXT",
          "INVARIANT",
          "INVARIANTS",
          "PROPERTY",
          "PROPERTIES",
          "CONSTANT",
          "CONSTANTS",
          "CONSTRAINT",
          "CONSTRAINTS",
          "ACTION_CONSTRAINT",
          "ACTION_CONSTRAINTS",
          "SYMMETRY",
          "VIEW",
          "ALIAS",
          "POSTCONDITION",
          "CHECK_DEADLOCK");

  /**
   * The property the configuration checks under {@code PROPERTY}/{@code PROPERTIES}, if it checks
   * exactly one. TLC does not name a violated liveness property, so a liveness violation counts as
   * the expected one only when the configuration checks nothing else temporal.
   */
  Optional<String> soleProperty() {
    List<String> properties = new ArrayList<>();
    boolean inProperties = false;
    for (String line : read(file).split("\\R")) {
      int comment = line.indexOf("\\*");
      String code = comment < 0 ? line : line.substring(0, comment);
      for (String word : code.trim().split("\\s+")) {
        if (word.isEmpty()) {
          continue;
        }
        if (CFG_KEYWORDS.contains(word)) {
          inProperties = word.startsWith("PROPERT");
        } else if (inProperties) {
          properties.add(word);
        }
      }
    }
    return properties.size() == 1 ? Optional.of(properties.get(0)) : Optional.empty();
  }

  private static String read(Path file) {
    try {
      return Files.readString(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + file, e);
    }
  }

  /**
   * Compares TLC's result with the expectation.
   *
   * @return why they differ, or empty if the result is the expected one
   */
  public Optional<String> mismatch(TlcResult result) {
    return switch (result.outcome()) {
      case TIMEOUT -> Optional.of("TLC did not finish in time");
      case ERROR ->
          Optional.of("TLC failed: " + result.error().orElse("exit " + result.exitCode()));
      case HOLDS -> {
        if (violated.isPresent()) {
          yield Optional.of("expected a violation of " + violated.get() + ", TLC found none");
        }
        if (result.distinctStates() < MIN_STATES_FOR_HOLDS) {
          yield Optional.of(
              "only "
                  + result.distinctStates()
                  + " distinct states: too small a model to count as evidence");
        }
        yield Optional.empty();
      }
      case VIOLATED -> {
        String found =
            result
                .violatedProperty()
                .or(() -> result.livenessViolation() ? soleProperty() : Optional.empty())
                .orElse("a liveness property");
        if (violated.isEmpty()) {
          yield Optional.of("expected to hold, TLC found a violation of " + found);
        }
        yield violated.get().equals(found)
            ? Optional.empty()
            : Optional.of("expected a violation of " + violated.get() + ", TLC found " + found);
      }
    };
  }
}
