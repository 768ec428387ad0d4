package dev.distlock.cluster;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * One operating-system process started through {@link Processes}: a server or a client JVM, with
 * its output appended to a log file.
 *
 * <p>Every verb acts on the real process with signals and waits, with a deadline, until the process
 * is in the asked state: after {@link #pause()} returns the process is stopped, after {@link
 * #kill()} it is gone. A verb that cannot reach that state in time throws {@link HarnessException}.
 * Verbs on a process that already exited are no-ops where that makes sense (kill, terminate) and
 * fail otherwise (pause). Thread-safe.
 */
public final class ManagedProcess {
  private final String name;
  private final Process process;
  private final Path logFile;
  private volatile boolean paused;
  private volatile boolean wholeTree;

  ManagedProcess(String name, Process process, Path logFile) {
    this.name = name;
    this.process = process;
    this.logFile = logFile;
  }

  /**
   * Returns the name given at start, used in messages and log file names.
   *
   * @return the name
   */
  public String name() {
    return name;
  }

  /**
   * Returns the operating-system process id.
   *
   * @return the pid
   */
  public long pid() {
    return process.pid();
  }

  /**
   * Returns the log file that receives the process's stdout and stderr.
   *
   * @return the log file
   */
  public Path logFile() {
    return logFile;
  }

  /**
   * Tells whether the process has not exited (a paused process is alive).
   *
   * @return true while the process exists
   */
  public boolean isAlive() {
    return process.isAlive();
  }

  /**
   * Tells whether the process was paused by {@link #pause()} and not resumed since.
   *
   * @return true while paused by the harness
   */
  public boolean isPaused() {
    return paused && process.isAlive();
  }

  /**
   * Returns the exit code once the process has exited.
   *
   * @return the exit code, or empty while it runs
   */
  public Optional<Integer> exitCode() {
    return process.isAlive() ? Optional.empty() : Optional.of(process.exitValue());
  }

  /** The process's descendants now (children first), for callers that must wait for them too. */
  List<ProcessHandle> descendants() {
    return process.descendants().toList();
  }

  /**
   * Makes {@link #pause()} and {@link #resume()} signal every descendant too: a server made of
   * several processes (PostgreSQL's postmaster and its backends) is only frozen when all are.
   */
  void pauseWholeTree() {
    this.wholeTree = true;
  }

  /**
   * Freezes the process with SIGSTOP and waits until the kernel reports it stopped.
   *
   * @throws HarnessException if the process has exited or is not stopped before the deadline
   */
  public void pause() {
    requireAlive("pause");
    Signals.send(pid(), "STOP");
    if (wholeTree) {
      process.descendants().forEach(d -> Signals.send(d.pid(), "STOP"));
    }
    paused = true;
    if (Signals.procAvailable()) {
      Deadline.await(
          name + " to stop after SIGSTOP", Timing.seconds(10), () -> Signals.state(pid()) == 'T');
    }
  }

  /**
   * Lets a paused process run again with SIGCONT and waits until it is no longer stopped.
   *
   * @throws HarnessException if the process has exited or is still stopped after the deadline
   */
  public void resume() {
    requireAlive("resume");
    if (wholeTree) {
      process.descendants().forEach(d -> Signals.send(d.pid(), "CONT"));
    }
    Signals.send(pid(), "CONT");
    paused = false;
    if (Signals.procAvailable()) {
      Deadline.await(
          name + " to run after SIGCONT", Timing.seconds(10), () -> Signals.state(pid()) != 'T');
    }
  }

  /**
   * Stops the process gracefully: resumes it if paused, sends SIGTERM, waits up to {@code grace},
   * then kills what is left of the process tree with SIGKILL.
   *
   * @param grace how long the process may take to exit after SIGTERM
   * @throws HarnessException if the process survives even SIGKILL past the deadline
   */
  public void terminate(Duration grace) {
    if (!process.isAlive()) {
      return;
    }
    List<ProcessHandle> children = process.descendants().toList();
    if (paused) {
      if (wholeTree) {
        children.forEach(d -> Signals.send(d.pid(), "CONT"));
      }
      Signals.send(pid(), "CONT");
      paused = false;
    }
    process.destroy();
    if (!waitFor(grace)) {
      kill();
    }
    children.forEach(ProcessHandle::destroyForcibly);
  }

  /**
   * Kills the process and its descendants with SIGKILL (works on a paused process too) and waits
   * until the process has exited.
   *
   * @throws HarnessException if the process still exists after the deadline
   */
  public void kill() {
    List<ProcessHandle> children = process.descendants().toList();
    process.destroyForcibly();
    children.forEach(ProcessHandle::destroyForcibly);
    paused = false;
    Duration limit = Timing.seconds(10);
    if (!waitFor(limit)) {
      throw new HarnessException(name + " (pid " + pid() + ") survived SIGKILL for " + limit);
    }
  }

  /**
   * Waits for the process to exit.
   *
   * @param timeout how long to wait
   * @return true if it exited in time
   */
  public boolean waitFor(Duration timeout) {
    try {
      return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return !process.isAlive();
    }
  }

  /**
   * Returns the last lines of the log file, for failure messages.
   *
   * @param lines how many lines at most
   * @return the lines joined with newlines, or a note if the file cannot be read
   */
  public String logTail(int lines) {
    try {
      List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
      return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
    } catch (IOException | RuntimeException e) {
      return "(log " + logFile + " unreadable: " + e + ")";
    }
  }

  private void requireAlive(String verb) {
    if (!process.isAlive()) {
      throw new HarnessException(
          "cannot "
              + verb
              + " "
              + name
              + ": it exited with code "
              + process.exitValue()
              + "; log "
              + logFile);
    }
  }

  @Override
  public String toString() {
    return name + "(pid " + pid() + (isAlive() ? "" : ", exited") + ")";
  }
}
