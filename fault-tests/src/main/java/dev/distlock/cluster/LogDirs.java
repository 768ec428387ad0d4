package dev.distlock.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Where server logs go: target/cluster-logs/&lt;scope&gt;/, where the scope is the test class (set
 * by {@link ClusterExtension}) or "default".
 */
final class LogDirs {
  private static final Path ROOT = Path.of("target", "cluster-logs").toAbsolutePath();
  private static volatile Path current = ROOT.resolve("default");
  private static final ConcurrentHashMap<String, AtomicInteger> NAMES = new ConcurrentHashMap<>();

  private LogDirs() {}

  static Path current() {
    return current;
  }

  static Path forScope(String scope) {
    return ROOT.resolve(scope.replaceAll("[^A-Za-z0-9_.$-]", "_"));
  }

  static void setCurrent(Path dir) {
    current = dir;
  }

  /** A log file name unique in this JVM: "redis-12345.log", then "redis-12345-2.log". */
  static Path file(Path dir, String base) {
    Path abs = dir.toAbsolutePath();
    int n = NAMES.computeIfAbsent(abs + "/" + base, k -> new AtomicInteger()).incrementAndGet();
    Path file = abs.resolve(n == 1 ? base + ".log" : base + "-" + n + ".log");
    try {
      // A file of the same name from an earlier run would only confuse whoever reads it.
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // Appending to the old file is the lesser evil.
    }
    return file;
  }
}
