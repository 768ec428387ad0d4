package dev.distlock.cluster;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * A Sentinel-managed Redis deployment on 127.0.0.1: a master, one asynchronous replica and three
 * {@code redis-sentinel} processes (quorum 2) that decide a failover on their own after the master
 * stops answering (pause, crash, partition) for {@code down-after-milliseconds}.
 *
 * <p><b>Addresses.</b> Sentinel tells clients where the master is, so every client sees the same
 * address for a node: with {@link Builder#toxiproxy(ToxiproxyServer)} each redis node gets one
 * Toxiproxy proxy, and the node announces that proxy (the sentinels monitor the master's proxy, the
 * replica replicates through it and announces its own with {@code replica-announce-port}). A toxic
 * on a node's proxy therefore acts between that node and everyone else (clients, sentinels, its
 * replica) at once: it isolates the node; per-client partitions are not possible here. Without
 * Toxiproxy the nodes announce their own ports and only process-level faults (pause, kill) apply.
 * The sentinels themselves are always reached directly.
 *
 * <p>{@link #close()} kills the sentinels and the servers and deletes their directories; every
 * process is also registered with {@link Processes}. Thread-safe for the read methods; the caller
 * serialises faults.
 */
public final class RedisSentinels implements AutoCloseable {
  /** The master name the sentinels monitor. */
  public static final String MASTER_NAME = "distlock";

  private static final java.util.concurrent.atomic.AtomicInteger SEQUENCE =
      new java.util.concurrent.atomic.AtomicInteger();

  private final List<RedisServer> nodes;
  private final List<ProxiedEndpoint> fronts;
  private ProxiedEndpoint replicationLink;
  private final List<Sentinel> sentinels = new ArrayList<>();
  private boolean closed;

  private record Sentinel(int port, Path dir, ManagedProcess process) {}

  private RedisSentinels(List<RedisServer> nodes, List<ProxiedEndpoint> fronts) {
    this.nodes = List.copyOf(nodes);
    this.fronts = fronts;
  }

  /**
   * Returns a builder.
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the redis nodes in start order: the first master, then the replica. Roles change with
   * failovers; {@link #currentMaster()} says who is master now.
   *
   * @return the two servers
   */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /**
   * Returns the proxy in front of node {@code i}, if the deployment runs through Toxiproxy.
   *
   * @param i the node index
   * @return the proxy every client, sentinel and replica uses to reach that node
   */
  public Optional<ProxiedEndpoint> front(int i) {
    return fronts == null ? Optional.empty() : Optional.of(fronts.get(i));
  }

  /**
   * Returns the proxy the replica first replicates through (its own link, so a test can make it lag
   * while clients still reach the master), if the deployment runs through Toxiproxy. Sentinel
   * reconfigures a replica that replicates from an address other than the master's about twice the
   * failover timeout after it notices ({@code +fix-slave-config}), and after a failover every
   * replication goes through the nodes' announced proxies: set a long {@link
   * Builder#failoverTimeout} where the link must stay in use.
   *
   * @return the master→replica link of the initial topology
   */
  public Optional<ProxiedEndpoint> replicationLink() {
    return Optional.ofNullable(replicationLink);
  }

  /**
   * Returns the address node {@code i} is known by to sentinels and clients (its proxy, or itself).
   *
   * @param i the node index
   * @return host:port
   */
  public HostAndPort announced(int i) {
    return fronts == null
        ? new HostAndPort(Ports.LOOPBACK, nodes.get(i).port())
        : new HostAndPort(fronts.get(i).host(), fronts.get(i).port());
  }

  /**
   * Returns the sentinels' addresses, for a client's sentinel set.
   *
   * @return host:port of each sentinel
   */
  public Set<HostAndPort> sentinelAddresses() {
    return sentinels.stream()
        .map(s -> new HostAndPort(Ports.LOOPBACK, s.port()))
        .collect(Collectors.toUnmodifiableSet());
  }

  /**
   * Returns the sentinel processes, e.g. to pause one.
   *
   * @return the three processes
   */
  public List<ManagedProcess> sentinelProcesses() {
    return sentinels.stream().map(Sentinel::process).toList();
  }

  /**
   * Asks the sentinels (the first one that answers) which node is master now.
   *
   * @return the index of the node the sentinels name as master
   * @throws HarnessException if no sentinel answers or the address is none of the nodes
   */
  public int currentMaster() {
    RuntimeException last = null;
    for (Sentinel s : sentinels) {
      if (s.process().isPaused() || !s.process().isAlive()) {
        continue;
      }
      try (Jedis j = connect(s.port(), 1000)) {
        List<String> addr = j.sentinelGetMasterAddrByName(MASTER_NAME);
        int port = Integer.parseInt(addr.get(1));
        for (int i = 0; i < nodes.size(); i++) {
          if (announced(i).getPort() == port) {
            return i;
          }
        }
        throw new HarnessException("sentinel names an unknown master " + addr);
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw new HarnessException("no sentinel answered which node is master", last);
  }

  /**
   * Waits until every running sentinel names node {@code i} as master and that node is a master.
   *
   * @param i the expected master
   * @param timeout the deadline (scaled by {@link Timing})
   * @throws HarnessException if that does not happen in time
   */
  public void awaitMaster(int i, Duration timeout) {
    Deadline.await(
        "sentinels to agree on " + nodes.get(i) + " as master",
        Timing.scaled(timeout),
        () -> {
          for (Sentinel s : sentinels) {
            if (s.process().isPaused() || !s.process().isAlive()) {
              continue;
            }
            try (Jedis j = connect(s.port(), 1000)) {
              int port = Integer.parseInt(j.sentinelGetMasterAddrByName(MASTER_NAME).get(1));
              if (port != announced(i).getPort()) {
                return false;
              }
            }
          }
          try (Jedis j = nodes.get(i).client(Duration.ofSeconds(1))) {
            return j.info("replication").contains("role:master");
          }
        });
  }

  /**
   * Waits until every sentinel knows the other two and the replica, and the replica is in sync: a
   * failover needs all of that, so faults start only after this.
   *
   * @param timeout the deadline (scaled by {@link Timing})
   * @throws HarnessException if the deployment does not settle in time
   */
  public void awaitSettled(Duration timeout) {
    Deadline.await(
        "sentinels to discover each other and the replica",
        Timing.scaled(timeout),
        () -> {
          for (Sentinel s : sentinels) {
            try (Jedis j = connect(s.port(), 1000)) {
              Map<String, String> m = j.sentinelMaster(MASTER_NAME);
              if (!"2".equals(m.get("num-other-sentinels")) || !"1".equals(m.get("num-slaves"))) {
                return false;
              }
            }
          }
          try {
            return nodes.get(1 - currentMaster()).replicationLinkUp();
          } catch (HarnessException notYet) {
            return false;
          }
        },
        () -> "sentinel log " + sentinels.get(0).process().logFile());
  }

  /** Kills the sentinels, then the servers; deletes their directories. Idempotent. */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    RuntimeException first = null;
    for (Sentinel s : sentinels) {
      try {
        s.process().kill();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      } finally {
        WorkDirs.delete(s.dir());
      }
    }
    for (RedisServer n : nodes) {
      try {
        n.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return "sentinels" + sentinelAddresses() + " over " + nodes;
  }

  private void startSentinel(Builder b, int index) {
    HostAndPort master = announced(0);
    for (int attempt = 0; ; attempt++) {
      int port = Ports.free();
      Path dir = WorkDirs.create("sentinel-" + port);
      Path conf = dir.resolve("sentinel.conf");
      String text =
          String.join(
              "\n",
              "port " + port,
              "bind " + Ports.LOOPBACK,
              "daemonize no",
              "logfile \"\"",
              "dir " + dir,
              "sentinel resolve-hostnames no",
              "sentinel monitor "
                  + MASTER_NAME
                  + " "
                  + master.getHost()
                  + " "
                  + master.getPort()
                  + " 2",
              "sentinel down-after-milliseconds " + MASTER_NAME + " " + b.downAfter.toMillis(),
              "sentinel failover-timeout " + MASTER_NAME + " " + b.failoverTimeout.toMillis(),
              "sentinel parallel-syncs " + MASTER_NAME + " 1",
              "");
      try {
        Files.writeString(conf, text, StandardCharsets.UTF_8);
      } catch (java.io.IOException e) {
        throw new HarnessException("could not write " + conf, e);
      }
      // redis-server in sentinel mode is what the redis-sentinel command runs; using the server
      // binary keeps the sentinels on exactly the version of the nodes.
      ProcessBuilder pb =
          new ProcessBuilder(Binaries.redisServer().toString(), conf.toString(), "--sentinel");
      pb.directory(dir.toFile());
      Path log = LogDirs.file(b.logDir != null ? b.logDir : LogDirs.current(), "sentinel-" + port);
      ManagedProcess p = Processes.start("sentinel-" + port, pb, log);
      Sentinel s = new Sentinel(port, dir, p);
      sentinels.add(s);
      try {
        Deadline.await(
            "sentinel " + index + " on " + port + " to answer PING",
            Timing.seconds(20),
            () -> {
              if (!p.isAlive()) {
                throw new HarnessException("sentinel exited; log " + log + ":\n" + p.logTail(20));
              }
              try (Jedis j = connect(port, 500)) {
                return "PONG".equals(j.ping());
              }
            });
        return;
      } catch (HarnessException e) {
        sentinels.remove(s);
        p.kill();
        WorkDirs.delete(dir);
        if (attempt >= 2 || !p.logTail(50).contains("Address already in use")) {
          throw e;
        }
      }
    }
  }

  /** Configures and starts a {@link RedisSentinels}. Not thread-safe. */
  public static final class Builder {
    private ToxiproxyServer toxiproxy;
    private Path logDir;
    private Duration downAfter = Duration.ofMillis(1000);
    private Duration failoverTimeout = Duration.ofSeconds(5);
    private boolean persistent;
    private String name = "sentinel" + SEQUENCE.incrementAndGet();

    private Builder() {}

    /**
     * Puts one Toxiproxy proxy in front of each redis node and announces it (see the class doc).
     *
     * @param toxiproxy the server that hosts the proxies
     * @return this builder
     */
    public Builder toxiproxy(ToxiproxyServer toxiproxy) {
      this.toxiproxy = Objects.requireNonNull(toxiproxy, "toxiproxy");
      return this;
    }

    /**
     * Puts the logs in {@code dir}.
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder logDir(Path dir) {
      this.logDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * How long the master must not answer before a sentinel considers it down (default 1 s).
     *
     * @param d the period
     * @return this builder
     */
    public Builder downAfter(Duration d) {
      this.downAfter = Objects.requireNonNull(d, "downAfter");
      return this;
    }

    /**
     * Sentinel's failover-timeout (default 5 s): also the pause between two failovers.
     *
     * @param d the period
     * @return this builder
     */
    public Builder failoverTimeout(Duration d) {
      this.failoverTimeout = Objects.requireNonNull(d, "failoverTimeout");
      return this;
    }

    /**
     * Runs both nodes with AOF fsync always (see {@link RedisServer.Builder#persistent}).
     *
     * @param persistent true for persistence
     * @return this builder
     */
    public Builder persistent(boolean persistent) {
      this.persistent = persistent;
      return this;
    }

    /**
     * Names the deployment in proxies and log files (default "sentinel&lt;n&gt;", unique in this
     * JVM; a given name must be unique per Toxiproxy server).
     *
     * @param name the name
     * @return this builder
     */
    public Builder name(String name) {
      this.name = Objects.requireNonNull(name, "name");
      return this;
    }

    /**
     * Starts master, replica and sentinels and waits until they have settled ({@link
     * #awaitSettled}).
     *
     * @return the running deployment
     * @throws HarnessException if anything does not start; what did start is closed
     */
    public RedisSentinels start() {
      List<RedisServer> nodes = new ArrayList<>();
      List<ProxiedEndpoint> fronts = toxiproxy == null ? null : new ArrayList<>();
      RedisSentinels group = null;
      try {
        for (int i = 0; i < 2; i++) {
          int port = Ports.free();
          List<String> announce = new ArrayList<>();
          if (toxiproxy != null) {
            ProxiedEndpoint front = toxiproxy.proxy(name + "-n" + i, Ports.LOOPBACK, port);
            fronts.add(front);
            // Announced when this node is (or becomes) a replica, so sentinels and clients reach
            // it through its proxy.
            announce =
                List.of(
                    "--replica-announce-ip",
                    front.host(),
                    "--replica-announce-port",
                    Integer.toString(front.port()));
          }
          RedisServer.Builder rb =
              RedisServer.builder().port(port).name(name + "-n" + i).persistent(persistent);
          rb.option(announce.toArray(String[]::new));
          if (logDir != null) {
            rb.logDir(logDir);
          }
          nodes.add(rb.start());
        }
        group = new RedisSentinels(nodes, fronts);
        HostAndPort master = group.announced(0);
        if (toxiproxy != null) {
          group.replicationLink =
              toxiproxy.proxy(name + "-replication", Ports.LOOPBACK, nodes.get(0).port());
          master = new HostAndPort(group.replicationLink.host(), group.replicationLink.port());
        }
        nodes.get(1).replicaOf(master.getHost(), master.getPort());
        for (int i = 0; i < 3; i++) {
          group.startSentinel(this, i);
        }
        group.awaitSettled(Duration.ofSeconds(30));
        return group;
      } catch (RuntimeException e) {
        if (group != null) {
          group.close();
        } else {
          nodes.forEach(RedisServer::close);
        }
        throw e;
      }
    }
  }

  /** A plain connection to a sentinel (or a server) on loopback; the caller closes it. */
  private static Jedis connect(int port, int timeoutMs) {
    return new Jedis(
        new HostAndPort(Ports.LOOPBACK, port), RedisServer.plainConfig(timeoutMs).build());
  }
}
