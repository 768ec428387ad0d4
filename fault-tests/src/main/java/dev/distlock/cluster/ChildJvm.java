package dev.distlock.cluster;

import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Command lines for child JVMs that run a main class from this JVM's classpath: ZooKeeper servers,
 * and clients that a nemesis can freeze with SIGSTOP (a real stop-the-world pause).
 *
 * <p>The child gets the same {@code java} binary and {@code java.class.path} as this JVM, a small
 * heap and the serial collector (the machine has 2 cores and runs several JVMs at once). Start the
 * command with {@link Processes#start} so it is registered for cleanup.
 */
public final class ChildJvm {
  private ChildJvm() {}

  /**
   * Builds {@code java -Xmx<heap> ... -cp <this JVM's classpath> <mainClass> <args>}.
   *
   * @param mainClass fully qualified main class, on this JVM's classpath
   * @param heap the -Xmx value, e.g. "128m"
   * @param jvmArgs extra JVM options (system properties and the like), before the main class
   * @param args program arguments
   * @return the command line
   */
  public static List<String> command(
      String mainClass, String heap, List<String> jvmArgs, List<String> args) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.add("-Xmx" + heap);
    cmd.add("-XX:+UseSerialGC");
    cmd.add("-XX:TieredStopAtLevel=1");
    cmd.add("-XX:-UsePerfData");
    cmd.add("-Djava.net.preferIPv4Stack=true");
    cmd.addAll(jvmArgs);
    cmd.add("-cp");
    cmd.add(absoluteClassPath());
    cmd.add(mainClass);
    cmd.addAll(args);
    return cmd;
  }

  /**
   * This JVM's class path with every entry made absolute: children may run in another working
   * directory (servers run in their data directories), where a relative entry finds nothing.
   */
  static String absoluteClassPath() {
    return java.util.Arrays.stream(System.getProperty("java.class.path").split(File.pathSeparator))
        .filter(e -> !e.isEmpty())
        .map(e -> Path.of(e).toAbsolutePath().toString())
        .collect(java.util.stream.Collectors.joining(File.pathSeparator));
  }
}
