package dev.distlock.client;

import dev.distlock.spi.LockBackend;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * What a child client's threads and sockets are doing, read from inside the child without help from
 * the library: which backend calls are under way (a stack sample of every thread), which threads
 * exist, and how many TCP connections lead to the lock servers ({@code /proc/self}).
 *
 * <p>A stack sample is taken in microseconds, so the driver can ask for one the moment before it
 * injects a fault and learn whether the fault lands on an acquire, a renewal (the watchdog's
 * thread) or a release RPC.
 */
final class Probes {
  /**
   * JVM and harness threads that come and go on their own; never counted as leaked. {@code
   * Cleaner-N} is the daemon thread of a {@code java.lang.ref.Cleaner} that a library (the JDBC
   * stack here) creates once per JVM: one per JVM, not one per client.
   */
  private static final List<String> IGNORED =
      List.of(
          "Cleaner-",
          "Attach Listener",
          "process reaper",
          "Common-Cleaner",
          "Signal Dispatcher",
          "Notification Thread",
          "Reference Handler",
          "Finalizer",
          "ForkJoinPool.commonPool-worker",
          "client-commands",
          "DestroyJavaVM");

  private static final Map<String, Boolean> BACKENDS = new ConcurrentHashMap<>();

  private Probes() {}

  /**
   * Counts the backend calls under way in this JVM, by kind.
   *
   * @return counts for {@code acquire}, {@code renew} and {@code release} (all present)
   */
  static Map<String, Integer> inflight() {
    Map<String, Integer> counts = new TreeMap<>(Map.of("acquire", 0, "renew", 0, "release", 0));
    for (StackTraceElement[] stack : Thread.getAllStackTraces().values()) {
      for (StackTraceElement f : stack) {
        String kind =
            switch (f.getMethodName()) {
              case "tryAcquire" -> "acquire";
              case "renew" -> "renew";
              case "release" -> "release";
              default -> null;
            };
        if (kind != null && isBackend(f.getClassName())) {
          counts.merge(kind, 1, Integer::sum);
          break;
        }
      }
    }
    return counts;
  }

  private static boolean isBackend(String className) {
    return BACKENDS.computeIfAbsent(
        className,
        n -> {
          try {
            return LockBackend.class.isAssignableFrom(
                Class.forName(n, false, Probes.class.getClassLoader()));
          } catch (ClassNotFoundException | LinkageError e) {
            return false;
          }
        });
  }

  /**
   * Returns the live threads that count for leaks (JVM housekeeping threads excluded).
   *
   * @return thread ids to names
   */
  static Map<Long, String> threads() {
    Map<Long, String> out = new TreeMap<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.isAlive() && IGNORED.stream().noneMatch(t.getName()::startsWith)) {
        out.put(t.getId(), t.getName());
      }
    }
    return out;
  }

  /**
   * Counts this JVM's TCP connections whose remote port is one of {@code ports} (the client's own
   * Toxiproxy ports to the lock servers). Linux only; -1 where {@code /proc} is not readable.
   *
   * @param ports the remote ports
   * @return the number of open connections
   */
  static int connections(Set<Integer> ports) {
    Set<String> inodes = new HashSet<>();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      for (Path fd : fds.toList()) {
        try {
          String link = Files.readSymbolicLink(fd).toString();
          if (link.startsWith("socket:[")) {
            inodes.add(link.substring(8, link.length() - 1));
          }
        } catch (IOException e) {
          // The descriptor was closed while listing: not a connection any more.
        }
      }
      int n = 0;
      for (String table : List.of("/proc/self/net/tcp", "/proc/self/net/tcp6")) {
        Path p = Path.of(table);
        if (!Files.exists(p)) {
          continue;
        }
        for (String line : Files.readAllLines(p)) {
          String[] c = line.trim().split("\\s+");
          if (c.length < 10 || c[0].equals("sl")) {
            continue;
          }
          String rem = c[2];
          int port = Integer.parseInt(rem.substring(rem.indexOf(':') + 1), 16);
          // 0A is LISTEN; everything else with our inode is a connection this JVM holds.
          if (!c[3].equals("0A") && ports.contains(port) && inodes.contains(c[9])) {
            n++;
          }
        }
      }
      return n;
    } catch (IOException | RuntimeException e) {
      return -1;
    }
  }
}
