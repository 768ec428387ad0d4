package dev.distlock.cluster;

import com.sun.security.auth.module.UnixSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * The unprivileged OS user database servers run as when the JVM runs as root (PostgreSQL refuses
 * root, MariaDB needs {@code --user=root} to accept it, and neither should have it). The user is
 * {@code distlock} unless the system property {@code distlock.db.os-user} names another; {@code
 * scripts/setup.sh} creates it. As a non-root user, servers simply run as that user and nothing
 * here changes the command.
 */
final class OsUser {
  private OsUser() {}

  static boolean root() {
    return new UnixSystem().getUid() == 0;
  }

  static String name() {
    return System.getProperty("distlock.db.os-user", "distlock");
  }

  /**
   * Prefixes {@code command} with {@code setpriv} when running as root. setpriv execs the command
   * (runuser and su fork), so the pid the harness signals is the server's own.
   */
  static List<String> wrap(List<String> command) {
    if (!root()) {
      return command;
    }
    List<String> out =
        new ArrayList<>(List.of("setpriv", "--reuid=" + name(), "--regid=" + name()));
    out.add("--init-groups");
    out.addAll(command);
    return out;
  }

  /** Gives {@code dir} (recursively) to the server user when running as root. */
  static void handOver(Path dir) {
    if (!root()) {
      return;
    }
    run(List.of("chown", "-R", name() + ":", dir.toString()));
  }

  private static void run(List<String> cmd) {
    try {
      Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
      if (!p.waitFor(Timing.seconds(30).toMillis(), TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new HarnessException(String.join(" ", cmd) + " did not finish in time");
      }
      if (p.exitValue() != 0) {
        String out = new String(p.getInputStream().readAllBytes());
        throw new HarnessException(
            String.join(" ", cmd)
                + " failed ("
                + out.strip()
                + "); does the OS user '"
                + name()
                + "' exist? scripts/setup.sh creates it");
      }
    } catch (IOException e) {
      throw new HarnessException("could not run " + cmd, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted running " + cmd, e);
    }
  }
}
