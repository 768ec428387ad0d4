package dev.distlock.cluster;

import java.io.IOException;
import java.lang.ProcessBuilder.Redirect;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * The one registry of every process the harness starts in this JVM.
 *
 * <p>Servers close their processes themselves, and the JUnit extensions close the servers; this
 * registry is the last resort: a JVM shutdown hook kills (SIGKILL, whole process tree) whatever is
 * still alive when the JVM exits normally or by SIGTERM/SIGINT, then deletes the servers' data
 * directories that nobody closed. Nothing can clean up after a SIGKILL of the JVM itself; servers
 * then outlive it (they are on random loopback ports, so they do not disturb a later run).
 * Thread-safe.
 */
public final class Processes {
  private static final List<ManagedProcess> STARTED = new CopyOnWriteArrayList<>();

  static {
    Runtime.getRuntime()
        .addShutdownHook(
            new Thread(
                () -> {
                  killAll();
                  WorkDirs.deleteAll();
                },
                "distlock-process-reaper"));
  }

  private Processes() {}

  /**
   * Starts a process with stdout and stderr appended to {@code logFile} and stdin closed, and
   * registers it.
   *
   * @param name a short name for messages (e.g. "redis-6379")
   * @param builder the command; its redirects are replaced
   * @param logFile the log file; its parent directories are created
   * @return the running process
   * @throws HarnessException if the process cannot be started (e.g. the binary is missing)
   */
  public static ManagedProcess start(String name, ProcessBuilder builder, Path logFile) {
    try {
      Files.createDirectories(logFile.toAbsolutePath().getParent());
      Files.writeString(
          logFile,
          "---- distlock harness: starting "
              + name
              + ": "
              + String.join(" ", builder.command())
              + "\n",
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
      builder
          .redirectErrorStream(true)
          .redirectOutput(Redirect.appendTo(logFile.toFile()))
          .redirectInput(Redirect.from(new java.io.File("/dev/null")));
      // Register under the class lock so that a shutdown hook running at the same time cannot
      // miss a process that was just spawned.
      synchronized (Processes.class) {
        Process p = builder.start();
        ManagedProcess managed = new ManagedProcess(name, p, logFile);
        STARTED.add(managed);
        return managed;
      }
    } catch (IOException e) {
      throw new HarnessException("could not start " + name + ": " + builder.command(), e);
    }
  }

  /**
   * Returns the processes started by the harness in this JVM that are still alive.
   *
   * @return a snapshot, oldest first
   */
  public static List<ManagedProcess> alive() {
    List<ManagedProcess> out = new ArrayList<>();
    for (ManagedProcess p : STARTED) {
      if (p.isAlive()) {
        out.add(p);
      }
    }
    return out;
  }

  /**
   * Returns the pids of every process the harness started in this JVM, alive or not.
   *
   * @return a snapshot, oldest first
   */
  public static List<Long> startedPids() {
    return STARTED.stream().map(ManagedProcess::pid).toList();
  }

  /**
   * Kills every registered process that is still alive, with its descendants. Never throws: it is
   * the last resort of cleanup paths.
   */
  public static synchronized void killAll() {
    for (ManagedProcess p : STARTED) {
      if (p.isAlive()) {
        try {
          p.kill();
        } catch (RuntimeException e) {
          System.err.println("distlock harness: could not kill " + p + ": " + e);
        }
      }
    }
  }
}
