package dev.distlock.cluster;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.SortedMap;

/** Settings shared by single ZooKeeper servers and ensembles, and their config file. */
final class ZkSettings {
  Duration tickTime = Duration.ofMillis(500);
  final Map<String, String> properties = new LinkedHashMap<>();
  Path logDir;
  String heap = "128m";
  Duration startTimeout = Duration.ofSeconds(60);

  ZkSettings copy() {
    ZkSettings c = new ZkSettings();
    c.tickTime = tickTime;
    c.properties.putAll(properties);
    c.logDir = logDir;
    c.heap = heap;
    c.startTimeout = startTimeout;
    return c;
  }

  Path logDir() {
    return logDir != null ? logDir : LogDirs.current();
  }

  /**
   * Writes zoo.cfg into {@code workDir} (with data/ and, for members, data/myid) and returns it.
   * {@code peers} is empty for a standalone server; otherwise it maps every member id to the
   * address this member uses for it (its own entry being real).
   */
  Path writeConfig(Path workDir, int myId, int clientPort, SortedMap<Integer, PeerAddress> peers) {
    Path data = workDir.resolve("data");
    Map<String, String> cfg = new LinkedHashMap<>();
    cfg.put("tickTime", Long.toString(tickTime.toMillis()));
    cfg.put("initLimit", "20");
    cfg.put("syncLimit", "10");
    cfg.put("dataDir", data.toString());
    cfg.put("clientPort", Integer.toString(clientPort));
    cfg.put("clientPortAddress", Ports.LOOPBACK);
    cfg.put("admin.enableServer", "false");
    cfg.put("4lw.commands.whitelist", "*");
    cfg.put("maxClientCnxns", "0");
    cfg.put("autopurge.purgeInterval", "0");
    peers.forEach(
        (id, a) ->
            cfg.put("server." + id, a.host() + ":" + a.quorumPort() + ":" + a.electionPort()));
    cfg.putAll(properties);
    StringBuilder text = new StringBuilder("# written by the distlock harness\n");
    cfg.forEach((k, v) -> text.append(k).append('=').append(v).append('\n'));
    try {
      Files.createDirectories(data);
      if (!peers.isEmpty()) {
        Files.writeString(data.resolve("myid"), myId + "\n");
      }
      Path file = workDir.resolve("zoo.cfg");
      Files.writeString(file, text);
      return file;
    } catch (IOException e) {
      throw new HarnessException("could not write the ZooKeeper config in " + workDir, e);
    }
  }
}
