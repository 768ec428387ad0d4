package dev.distlock.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/** POSIX signals the JDK cannot send (STOP, CONT), sent with kill(1), and /proc state. */
final class Signals {
  private Signals() {}

  /** Sends {@code signal} (e.g. "STOP") to {@code pid}; fails if kill(1) reports an error. */
  static void send(long pid, String signal) {
    ProcessBuilder pb =
        new ProcessBuilder("kill", "-s", signal, Long.toString(pid))
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.DISCARD);
    try {
      Process p = pb.start();
      Duration limit = Timing.seconds(10);
      if (!p.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new HarnessException("kill -s " + signal + " " + pid + " did not return in " + limit);
      }
      if (p.exitValue() != 0) {
        throw new HarnessException(
            "kill -s " + signal + " " + pid + " failed with exit code " + p.exitValue());
      }
    } catch (IOException e) {
      throw new HarnessException("could not run kill(1) to send SIG" + signal + " to " + pid, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted while sending SIG" + signal + " to " + pid, e);
    }
  }

  /**
   * Returns the one-letter state of {@code pid} from /proc (e.g. 'T' stopped, 'S' sleeping), or '?'
   * when it cannot be read (no /proc, or the process is gone).
   */
  static char state(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      // The command name is in parentheses and may contain spaces; the state follows it.
      int close = stat.lastIndexOf(')');
      return close >= 0 && close + 2 < stat.length() ? stat.charAt(close + 2) : '?';
    } catch (NoSuchFileException e) {
      return '?';
    } catch (IOException e) {
      return '?';
    }
  }

  /** True when /proc can tell process states on this machine. */
  static boolean procAvailable() {
    return Files.isReadable(Path.of("/proc/self/stat"));
  }
}
