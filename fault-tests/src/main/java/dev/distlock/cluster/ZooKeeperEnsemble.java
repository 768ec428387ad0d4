package dev.distlock.cluster;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * A ZooKeeper ensemble of real servers, each in its own child JVM on 127.0.0.1 (see {@link
 * ZooKeeperServer} for the members' verbs).
 *
 * <p>{@link #start(int)} returns once every member serves (a leader was elected and every follower
 * synced). Members are {@code server(0)} to {@code server(size-1)}, with ZooKeeper ids 1 to size.
 * Peer traffic goes where the {@link PeerRouter} says, directly by default. {@link #close()} kills
 * every member and deletes their data. Thread-safe.
 */
public final class ZooKeeperEnsemble implements AutoCloseable {
  private final List<ZooKeeperServer> servers;

  private ZooKeeperEnsemble(List<ZooKeeperServer> servers) {
    this.servers = List.copyOf(servers);
  }

  /**
   * Starts an ensemble with direct peer routes and the default settings.
   *
   * @param size the number of members, at least 1 (3 or 5 for a quorum that survives failures)
   * @return the ensemble, every member serving
   * @throws HarnessException if a member does not serve before the deadline
   */
  public static ZooKeeperEnsemble start(int size) {
    return builder().size(size).start();
  }

  /**
   * Returns a builder for an ensemble.
   *
   * @return a new builder, size 3
   */
  public static Builder builder() {
    return new Builder();
  }

  /**
   * Returns the number of members.
   *
   * @return the size
   */
  public int size() {
    return servers.size();
  }

  /**
   * Returns member {@code i}, whose ZooKeeper id is {@code i + 1}.
   *
   * @param i the index, from 0
   * @return the member
   * @throws IndexOutOfBoundsException if there is no such member
   */
  public ZooKeeperServer server(int i) {
    return servers.get(i);
  }

  /**
   * Returns every member, by index.
   *
   * @return the members
   */
  public List<ZooKeeperServer> servers() {
    return servers;
  }

  /**
   * Returns the client connect string naming every member.
   *
   * @return "127.0.0.1:p1,127.0.0.1:p2,..."
   */
  public String connectString() {
    return servers.stream().map(ZooKeeperServer::connectString).collect(Collectors.joining(","));
  }

  /**
   * Asks every member for its mode and returns the one that says "leader".
   *
   * @return the leader, or empty if none answers as leader right now
   */
  public Optional<ZooKeeperServer> leader() {
    return servers.stream().filter(s -> s.mode().filter("leader"::equals).isPresent()).findFirst();
  }

  /**
   * Waits until every member that is alive and not paused serves.
   *
   * @param timeout the deadline (not scaled)
   * @throws HarnessException if one does not serve in time
   */
  public void awaitServing(Duration timeout) {
    for (ZooKeeperServer s : servers) {
      if (s.isAlive() && !s.process().isPaused()) {
        s.awaitServing(timeout);
      }
    }
  }

  /** Kills every member and deletes their data. Idempotent. */
  @Override
  public void close() {
    RuntimeException first = null;
    for (ZooKeeperServer s : servers) {
      try {
        s.close();
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
    return "ZooKeeperEnsemble[" + connectString() + "]";
  }

  /** Configures an ensemble. Not thread-safe. */
  public static final class Builder {
    private final ZkSettings settings = new ZkSettings();
    private int size = 3;
    private PeerRouter router = PeerRouter.DIRECT;

    private Builder() {}

    /**
     * Sets the number of members (default 3).
     *
     * @param size at least 1
     * @return this builder
     */
    public Builder size(int size) {
      if (size < 1) {
        throw new IllegalArgumentException("size must be at least 1: " + size);
      }
      this.size = size;
      return this;
    }

    /**
     * Routes peer traffic (e.g. through Toxiproxy); default {@link PeerRouter#DIRECT}.
     *
     * @param router the router
     * @return this builder
     */
    public Builder peerRouter(PeerRouter router) {
      this.router = Objects.requireNonNull(router, "router");
      return this;
    }

    /**
     * Sets ZooKeeper's tick (default 500 ms); sessions may last 2 to 20 ticks.
     *
     * @param tick the tick time
     * @return this builder
     */
    public Builder tickTime(Duration tick) {
      settings.tickTime = Objects.requireNonNull(tick, "tick");
      return this;
    }

    /**
     * Adds or overrides a line of every member's zoo.cfg.
     *
     * @param key the key
     * @param value the value
     * @return this builder
     */
    public Builder property(String key, String value) {
      settings.properties.put(Objects.requireNonNull(key), Objects.requireNonNull(value));
      return this;
    }

    /**
     * Puts the members' log files in {@code dir} instead of the current test's log directory.
     *
     * @param dir the directory
     * @return this builder
     */
    public Builder logDir(Path dir) {
      settings.logDir = Objects.requireNonNull(dir, "dir");
      return this;
    }

    /**
     * Starts every member at once and waits until each serves.
     *
     * @return the ensemble
     * @throws HarnessException if a member does not serve before the deadline (60 s scaled)
     */
    public ZooKeeperEnsemble start() {
      ZkSettings s = settings.copy();
      SortedMap<Integer, PeerAddress> real = new TreeMap<>();
      int[] ports = Ports.free(3 * size);
      int[] clientPorts = new int[size];
      for (int id = 1; id <= size; id++) {
        int base = 3 * (id - 1);
        clientPorts[id - 1] = ports[base];
        real.put(id, new PeerAddress(Ports.LOOPBACK, ports[base + 1], ports[base + 2]));
      }
      List<ZooKeeperServer> members = new ArrayList<>();
      try {
        for (int id = 1; id <= size; id++) {
          SortedMap<Integer, PeerAddress> view = new TreeMap<>();
          for (int other = 1; other <= size; other++) {
            PeerAddress r = real.get(other);
            view.put(other, other == id ? r : router.route(id, other, r));
          }
          String name = "zk" + id + "-" + clientPorts[id - 1];
          Path work = WorkDirs.create(name);
          Path cfg = s.writeConfig(work, id, clientPorts[id - 1], view);
          members.add(new ZooKeeperServer(name, id, clientPorts[id - 1], work, cfg, s));
        }
        ZooKeeperEnsemble ensemble = new ZooKeeperEnsemble(members);
        members.forEach(ZooKeeperServer::launch);
        ensemble.awaitServing(Timing.scaled(s.startTimeout));
        return ensemble;
      } catch (RuntimeException e) {
        members.forEach(ZooKeeperServer::close);
        throw e;
      }
    }
  }
}
