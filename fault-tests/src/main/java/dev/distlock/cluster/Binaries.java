package dev.distlock.cluster;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Finds the server executables the harness runs. */
final class Binaries {
  private Binaries() {}

  /** redis-server: property distlock.redis.server, env DISTLOCK_REDIS_SERVER, then PATH. */
  static Path redisServer() {
    return find("redis-server", "distlock.redis.server", "DISTLOCK_REDIS_SERVER", null);
  }

  /**
   * toxiproxy-server: property distlock.toxiproxy.server, env DISTLOCK_TOXIPROXY_SERVER, PATH, then
   * $HOME/.cache/distlock/bin/toxiproxy-server (where scripts/setup.sh puts it).
   */
  static Path toxiproxyServer() {
    Path cache =
        Path.of(System.getProperty("user.home"), ".cache", "distlock", "bin", "toxiproxy-server");
    return find(
        "toxiproxy-server", "distlock.toxiproxy.server", "DISTLOCK_TOXIPROXY_SERVER", cache);
  }

  /** gcc, from PATH. */
  static Path gcc() {
    return find("gcc", "distlock.gcc", "DISTLOCK_GCC", null);
  }

  static Path find(String name, String property, String envVar, Path lastResort) {
    List<String> tried = new ArrayList<>();
    String prop = System.getProperty(property);
    if (prop != null && !prop.isBlank()) {
      Path p = Path.of(prop);
      if (Files.isExecutable(p)) {
        return p;
      }
      throw new HarnessException(
          "system property " + property + "=" + prop + " is not an executable file");
    }
    tried.add("system property " + property + " (unset)");
    String env = System.getenv(envVar);
    if (env != null && !env.isBlank()) {
      Path p = Path.of(env);
      if (Files.isExecutable(p)) {
        return p;
      }
      throw new HarnessException(
          "environment variable " + envVar + "=" + env + " is not an executable file");
    }
    tried.add("environment variable " + envVar + " (unset)");
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        if (!dir.isEmpty()) {
          Path p = Path.of(dir, name);
          if (Files.isExecutable(p)) {
            return p;
          }
        }
      }
    }
    tried.add("PATH");
    if (lastResort != null) {
      if (Files.isExecutable(lastResort)) {
        return lastResort;
      }
      tried.add(lastResort.toString());
    }
    throw new HarnessException(
        name
            + " not found (looked at "
            + String.join(", ", tried)
            + "); run scripts/setup.sh to install it");
  }
}
