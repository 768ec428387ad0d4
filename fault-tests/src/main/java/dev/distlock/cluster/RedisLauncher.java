package dev.distlock.cluster;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Builds redis-server command lines and starts servers, retrying when a free port was taken. */
final class RedisLauncher {
  private static final int ATTEMPTS_ON_FREE_PORT = 3;

  private RedisLauncher() {}

  static List<String> command(RedisServer.Builder config, int port, Path dataDir) {
    List<String> cmd = new ArrayList<>();
    cmd.add(Binaries.redisServer().toString());
    cmd.addAll(
        List.of(
            "--bind", Ports.LOOPBACK,
            "--port", Integer.toString(port),
            "--dir", dataDir.toString(),
            "--daemonize", "no",
            "--logfile", "",
            "--save", "",
            "--appendonly", "no",
            // DEBUG SLEEP / DEBUG JMAP and friends are handy nemeses; only local clients may.
            "--enable-debug-command", "local"));
    if (config.persistent) {
      cmd.addAll(List.of("--appendonly", "yes", "--appendfsync", "always"));
    }
    if (config.password != null) {
      cmd.addAll(List.of("--requirepass", config.password));
    }
    // Last, so that the caller's options override the defaults above.
    cmd.addAll(config.options);
    return cmd;
  }

  /** A copy of the builder, so that later changes to it do not affect a started server. */
  static RedisServer.Builder snapshot(RedisServer.Builder b) {
    RedisServer.Builder c = RedisServer.builder();
    c.options.addAll(b.options);
    c.password = b.password;
    c.persistent = b.persistent;
    c.clockShift = b.clockShift;
    c.monotonicClockShift = b.monotonicClockShift;
    c.logDir = b.logDir;
    c.name = b.name;
    c.port = b.port;
    c.startTimeout = b.startTimeout;
    return c;
  }

  static RedisServer start(RedisServer.Builder config) {
    boolean freePort = config.port == 0;
    HarnessException last = null;
    for (int attempt = 0; attempt < (freePort ? ATTEMPTS_ON_FREE_PORT : 1); attempt++) {
      int port = freePort ? Ports.free() : config.port;
      Path dataDir = WorkDirs.create("redis-" + port);
      ClockShift clock =
          config.clockShift
              ? ClockShift.create(dataDir.resolve("clock-offset"), config.monotonicClockShift)
              : null;
      RedisServer server = new RedisServer(config, port, dataDir, clock);
      try {
        server.launch();
        return server;
      } catch (RuntimeException e) {
        ManagedProcess p = server.process();
        boolean portTaken = p != null && p.logTail(50).contains("Address already in use");
        server.close();
        if (!portTaken || !(e instanceof HarnessException)) {
          throw e;
        }
        last = (HarnessException) e;
      }
    }
    throw last;
  }
}
