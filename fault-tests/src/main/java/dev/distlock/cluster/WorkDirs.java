package dev.distlock.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Per-server data directories under the system temp dir, deleted when the server closes, or at JVM
 * exit (after the processes using them are killed) for servers nobody closed.
 */
final class WorkDirs {
  private static final Set<Path> LIVE = ConcurrentHashMap.newKeySet();

  private WorkDirs() {}

  static Path create(String prefix) {
    try {
      Path dir = Files.createTempDirectory("distlock-" + prefix + "-");
      LIVE.add(dir);
      return dir;
    } catch (IOException e) {
      throw new HarnessException("could not create a temp directory for " + prefix, e);
    }
  }

  /** Deletes {@code dir} recursively; best effort, never throws (it runs on cleanup paths). */
  static void delete(Path dir) {
    if (dir == null) {
      return;
    }
    LIVE.remove(dir);
    if (!Files.exists(dir)) {
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

  /** Deletes every directory not deleted yet; for the shutdown hook, after the kills. */
  static void deleteAll() {
    for (Path dir : LIVE) {
      delete(dir);
    }
  }
}
