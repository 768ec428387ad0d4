package dev.distlock.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.RedisClusterClient;
import redis.clients.jedis.util.JedisClusterCRC16;

/**
 * A Redis Cluster on 127.0.0.1: masters and replicas started with {@code --cluster-enabled yes},
 * joined with {@code redis-cli --cluster create … --cluster-replicas 1 --cluster-yes}. Each node
 * has a client port and a cluster-bus port, both picked free ({@code --cluster-port}, so the bus
 * need not be port+10000). A replica takes over its master's slots by itself when the master fails
 * for {@code cluster-node-timeout}.
 *
 * <p><b>Addresses.</b> Nodes tell clients where slots live (MOVED, CLUSTER SLOTS), so every client
 * sees one address per node. With {@link Builder#toxiproxy(ToxiproxyServer)} each node gets two
 * proxies and announces them ({@code cluster-announce-port}, {@code cluster-announce-bus-port}):
 * the client proxy ({@link #front(int)}) carries clients and the replication of that node's
 * replicas, the bus proxy ({@link #bus(int)}) the gossip and failover votes of the other nodes. A
 * toxic on both isolates the node from everyone; on the front alone it cuts clients and replication
 * but the cluster still sees the node alive. Per-client partitions are not possible. Without
 * Toxiproxy only process-level faults (pause, kill) apply.
 *
 * <p>{@link #close()} kills every node; each is also registered with {@link Processes}. Not
 * thread-safe for faults; queries may run concurrently.
 */
public final class RedisCluster implements AutoCloseable {
  private static final AtomicInteger SEQUENCE = new AtomicInteger();

  private final List<RedisServer> nodes;
  private final List<ProxiedEndpoint> fronts;
  private final List<ProxiedEndpoint> buses;

  private RedisCluster(
      List<RedisServer> nodes, List<ProxiedEndpoint> fronts, List<ProxiedEndpoint> buses) {
    this.nodes = List.copyOf(nodes);
    this.fronts = fronts;
    this.buses = buses;
  }

  /**
   * Returns a builder (3 masters, 1 replica each, node timeout 1 s).
   *
   * @return a new builder
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the nodes in start order (roles change with failovers; see {@link #masterOfSlot}).
   *
   * @return every node
   */
  public List<RedisServer> nodes() {
    return nodes;
  }

  /**
   * Returns the client proxy of node {@code i}, if the cluster runs through Toxiproxy.
   *
   * @param i the node index
   * @return the proxy clients and replicas use
   */
  public Optional<ProxiedEndpoint> front(int i) {
    return fronts == null ? Optional.empty() : Optional.of(fronts.get(i));
  }

  /**
   * Returns the cluster-bus proxy of node {@code i}, if the cluster runs through Toxiproxy.
   *
   * @param i the node index
   * @return the proxy the other nodes' gossip uses
   */
  public Optional<ProxiedEndpoint> bus(int i) {
    return buses == null ? Optional.empty() : Optional.of(buses.get(i));
  }

  /**
   * Returns the address node {@code i} announces to clients.
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
   * Returns every node's announced address, the seeds for a cluster client.
   *
   * @return host:port of each node
   */
  public Set<HostAndPort> seeds() {
    Set<HostAndPort> out = new LinkedHashSet<>();
    for (int i = 0; i < nodes.size(); i++) {
      out.add(announced(i));
    }
    return out;
  }

  /**
   * A cluster client over {@link #seeds()} (Jedis' {@code RedisClusterClient}), following MOVED and
   * failovers with up to five attempts; the caller closes it.
   *
   * @param timeout its connect and socket timeout
   * @return the client
   */
  public RedisClusterClient client(Duration timeout) {
    int millis = (int) timeout.toMillis();
    return RedisClusterClient.builder()
        .nodes(seeds())
        .clientConfig(RedisServer.plainConfig(millis).build())
        .maxAttempts(5)
        .build();
  }

  /**
   * Returns the hash slot of a key (CRC16 of the hash tag, or of the whole key).
   *
   * @param key the key
   * @return the slot, 0..16383
   */
  public static int slot(String key) {
    return JedisClusterCRC16.getSlot(key);
  }

  /**
   * Asks a live node which master serves {@code slot} now.
   *
   * @param slot the hash slot
   * @return the index of the node that a live node's CLUSTER NODES names as its master
   * @throws HarnessException if no node answers or none serves the slot
   */
  public int masterOfSlot(int slot) {
    RuntimeException last = null;
    for (RedisServer n : nodes) {
      if (!n.isAlive() || n.process().isPaused()) {
        continue;
      }
      try (Jedis j = n.client(Duration.ofSeconds(1))) {
        String view = j.clusterNodes();
        for (String line : view.split("\n")) {
          String[] f = line.trim().split(" ");
          if (f.length < 9 || !f[2].contains("master") || f[2].contains("fail")) {
            continue;
          }
          for (int k = 8; k < f.length; k++) {
            if (!f[k].startsWith("[") && covers(f[k], slot)) {
              return indexOf(f[1]);
            }
          }
        }
        last =
            new HarnessException(
                "no live master serves slot " + slot + " as " + n + " sees:\n" + view);
      } catch (RuntimeException e) {
        last = e;
      }
    }
    throw new HarnessException("no node said who serves slot " + slot, last);
  }

  /**
   * Asks the master which of its replicas is connected ({@code INFO replication} of the master
   * lists them by the port they report).
   *
   * @param master the master's index
   * @return the index of its first replica
   * @throws HarnessException if it has none
   */
  public int replicaOf(int master) {
    try (Jedis j = nodes.get(master).client(Duration.ofSeconds(1))) {
      for (String line : j.info("replication").split("\r?\n")) {
        if (line.startsWith("slave0:")) {
          for (String kv : line.substring(7).split(",")) {
            if (kv.startsWith("port=")) {
              int port = Integer.parseInt(kv.substring(5));
              for (int i = 0; i < nodes.size(); i++) {
                // A replica reports its own port, or its announced one if it has one.
                if (announced(i).getPort() == port || nodes.get(i).port() == port) {
                  return i;
                }
              }
            }
          }
        }
      }
    }
    throw new HarnessException(nodes.get(master) + " has no replica");
  }

  /**
   * Waits until every running node sees the cluster OK and a master other than {@code old} serves
   * {@code slot}.
   *
   * @param slot the slot
   * @param old the index of the failed master
   * @param timeout the deadline (scaled by {@link Timing})
   * @return the index of the new master
   * @throws HarnessException if no replica took over in time
   */
  public int awaitFailover(int slot, int old, Duration timeout) {
    int[] now = {-1};
    Deadline.await(
        "a replica to take over slot " + slot + " from " + nodes.get(old),
        Timing.scaled(timeout),
        () -> {
          try {
            now[0] = masterOfSlot(slot);
          } catch (HarnessException notYet) {
            return false; // the slot's master is failing and nobody took over yet
          }
          return now[0] != old && clusterOk(i -> i != old);
        });
    return now[0];
  }

  /**
   * Waits until every running node reports {@code cluster_state:ok}, every slot assigned.
   *
   * @param timeout the deadline (scaled by {@link Timing})
   * @throws HarnessException if the cluster is not healthy in time
   */
  public void awaitHealthy(Duration timeout) {
    Deadline.await(
        "cluster state ok on every node", Timing.scaled(timeout), () -> clusterOk(i -> true));
  }

  private boolean clusterOk(java.util.function.IntPredicate which) {
    for (int i = 0; i < nodes.size(); i++) {
      RedisServer n = nodes.get(i);
      if (!which.test(i) || !n.isAlive() || n.process().isPaused()) {
        continue;
      }
      try (Jedis j = n.client(Duration.ofSeconds(1))) {
        String info = j.clusterInfo();
        if (!info.contains("cluster_state:ok") || !info.contains("cluster_slots_ok:16384")) {
          return false;
        }
      }
    }
    return true;
  }

  private int indexOf(String address) {
    // ip:port@busport[,hostname]
    String hostPort = address.split("@")[0];
    int port = Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
    for (int i = 0; i < nodes.size(); i++) {
      if (announced(i).getPort() == port) {
        return i;
      }
    }
    throw new HarnessException("CLUSTER NODES names an unknown node " + address);
  }

  private static boolean covers(String range, int slot) {
    int dash = range.indexOf('-');
    int lo = Integer.parseInt(dash < 0 ? range : range.substring(0, dash));
    int hi = dash < 0 ? lo : Integer.parseInt(range.substring(dash + 1));
    return slot >= lo && slot <= hi;
  }

  /** Kills every node and deletes its directory. Idempotent. */
  @Override
  public void close() {
    RuntimeException first = null;
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
    return "redis-cluster" + seeds();
  }

  /** Configures and starts a {@link RedisCluster}. Not thread-safe. */
  public static final class Builder {
    private int masters = 3;
    private int replicas = 1;
    private Duration nodeTimeout = Duration.ofMillis(1000);
    private ToxiproxyServer toxiproxy;
    private Path logDir;
    private boolean persistent;
    private String name = "cluster" + SEQUENCE.incrementAndGet();

    private Builder() {}

    /**
     * Sets how many masters (at least 3, as redis-cli requires).
     *
     * @param masters the count
     * @return this builder
     */
    public Builder masters(int masters) {
      if (masters < 3) {
        throw new IllegalArgumentException("a Redis Cluster needs at least 3 masters");
      }
      this.masters = masters;
      return this;
    }

    /**
     * Sets {@code cluster-node-timeout}: how long a node may not answer before it is failed over.
     *
     * @param timeout the timeout (default 1 s)
     * @return this builder
     */
    public Builder nodeTimeout(Duration timeout) {
      this.nodeTimeout = Objects.requireNonNull(timeout, "timeout");
      return this;
    }

    /**
     * Puts a client proxy and a bus proxy in front of each node and announces them.
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
     * Runs every node with AOF fsync always.
     *
     * @param persistent true for persistence
     * @return this builder
     */
    public Builder persistent(boolean persistent) {
      this.persistent = persistent;
      return this;
    }

    /**
     * Starts the nodes, creates the cluster and waits until every node reports it OK and every
     * replica is in sync.
     *
     * @return the running cluster
     * @throws HarnessException if a node does not start or the creation fails; what started is
     *     closed
     */
    public RedisCluster start() {
      int count = masters * (1 + replicas);
      List<RedisServer> nodes = new ArrayList<>();
      List<ProxiedEndpoint> fronts = toxiproxy == null ? null : new ArrayList<>();
      List<ProxiedEndpoint> buses = toxiproxy == null ? null : new ArrayList<>();
      RedisCluster cluster = new RedisCluster(List.of(), null, null);
      try {
        for (int i = 0; i < count; i++) {
          int[] ports = Ports.free(2);
          RedisServer.Builder rb =
              RedisServer.builder()
                  .port(ports[0])
                  .name(name + "-n" + i)
                  .persistent(persistent)
                  .option("--cluster-enabled", "yes")
                  .option("--cluster-config-file", "nodes.conf")
                  .option("--cluster-node-timeout", Long.toString(nodeTimeout.toMillis()))
                  .option("--cluster-port", Integer.toString(ports[1]));
          if (toxiproxy != null) {
            ProxiedEndpoint front = toxiproxy.proxy(name + "-n" + i, Ports.LOOPBACK, ports[0]);
            ProxiedEndpoint bus = toxiproxy.proxy(name + "-bus" + i, Ports.LOOPBACK, ports[1]);
            fronts.add(front);
            buses.add(bus);
            rb.option("--cluster-announce-ip", Ports.LOOPBACK)
                .option("--cluster-announce-port", Integer.toString(front.port()))
                .option("--cluster-announce-bus-port", Integer.toString(bus.port()));
          }
          if (logDir != null) {
            rb.logDir(logDir);
          }
          nodes.add(rb.start());
        }
        cluster = new RedisCluster(nodes, fronts, buses);
        create(cluster);
        cluster.awaitHealthy(Duration.ofSeconds(30));
        Deadline.await(
            "every replica in sync",
            Timing.seconds(30),
            () -> {
              for (RedisServer n : nodes) {
                try (Jedis j = n.client(Duration.ofSeconds(1))) {
                  String info = j.info("replication");
                  if (info.contains("role:slave") && !info.contains("master_link_status:up")) {
                    return false;
                  }
                }
              }
              return true;
            });
        return cluster;
      } catch (RuntimeException e) {
        nodes.forEach(RedisServer::close);
        throw e;
      }
    }

    private void create(RedisCluster cluster) {
      List<String> cmd = new ArrayList<>();
      cmd.add(
          Binaries.find("redis-cli", "distlock.redis.cli", "DISTLOCK_REDIS_CLI", null).toString());
      cmd.add("--cluster");
      cmd.add("create");
      cluster.seeds().forEach(h -> cmd.add(h.getHost() + ":" + h.getPort()));
      cmd.addAll(List.of("--cluster-replicas", Integer.toString(replicas), "--cluster-yes"));
      Path log = LogDirs.file(logDir != null ? logDir : LogDirs.current(), name + "-create");
      ManagedProcess p = Processes.start(name + "-create", new ProcessBuilder(cmd), log);
      if (!p.waitFor(Timing.seconds(60))) {
        p.kill();
        throw new HarnessException("redis-cli --cluster create did not finish; log " + log);
      }
      if (p.exitCode().orElse(-1) != 0 || !p.logTail(5).contains("All 16384 slots covered")) {
        throw new HarnessException(
            "redis-cli --cluster create failed; log " + log + ":\n" + p.logTail(20));
      }
    }
  }
}
