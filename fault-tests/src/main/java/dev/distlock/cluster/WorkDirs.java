package dev.distlock.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/** Per-server data directories under the system temp dir, deleted when the server closes. */
final class WorkDirs {
  private WorkDirs() {}

  static Path create(String prefix) {
    try {
      return Files.createTempDirectory("distlock-" + prefix + "-");
    } catch (IOException e) {
      throw new HarnessException("could not create a temp directory for " + prefix, e);
    }
  }

  /** Deletes {@code dir} recursively; best effort, never throws (it runs on cleanup paths). */
  static void delete(Path dir) {
    if (dir == null || !Files.exists(dir)) {
      return;
    }
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder())
          .forEach(
              p -> {
                try {
                  Files.deleteIfExists(p);
                } catch (IOException e) {
                  // Left for the OS to clean the temp dir.
                }
              });
    } catch (IOException e) {
      // Same.
    }
  }
}
