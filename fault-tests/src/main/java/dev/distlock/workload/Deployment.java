package dev.distlock.workload;

import dev.distlock.client.ClientProcess;
import dev.distlock.client.ClientSpec;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.DatabaseServer;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.cluster.ToxiproxyServer;
import dev.distlock.cluster.ZooKeeperEnsemble;
import dev.distlock.cluster.ZooKeeperServer;
import dev.distlock.nemesis.Failover;
import dev.distlock.nemesis.PeerLinks;
import dev.distlock.nemesis.ServerFailover;
import dev.distlock.testbed.TestedLocks;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.awaitility.Awaitility;

/**
 * The servers of one {@link LockKind} on loopback, a redis-server for the protected resource, and
 * lock clients in child JVMs that reach every lock server through links of their own: one Toxiproxy
 * proxy per (client, node), so a partition can cut any single client↔node link.
 *
 * <p>Servers are owned by the {@link ClusterExtension} given at start (closed with its scope); the
 * deployment itself is registered there too and closes its clients first. The resource server is
 * never faulted: it stands for the protected system, not for the lock. Thread-safe.
 */
public final class Deployment implements AutoCloseable {
  private static final AtomicInteger DEPLOYMENTS = new AtomicInteger();

  private final LockKind kind;
  private final DeploymentOptions options;
  private final ClusterExtension cluster;
  private final String prefix;
  private final List<RedisServer> redisNodes;
  private final RedisServer replica;
  private final ProxiedEndpoint replicationLink;
  private final ZooKeeperServer zookeeper;
  private ZooKeeperEnsemble ensemble;
  private PeerLinks peerLinks;
  private DatabaseServer database;
  private ManagedRedis managed;
  private final RedisServer resource;
  private final Map<Integer, ClientProcess> clients = new TreeMap<>();
  private final Map<Integer, List<ProxiedEndpoint>> links = new TreeMap<>();
  private final String lock;

  private Deployment(
      LockKind kind,
      DeploymentOptions options,
      ClusterExtension cluster,
      List<RedisServer> redisNodes,
      RedisServer replica,
      ProxiedEndpoint replicationLink,
      ZooKeeperServer zookeeper,
      RedisServer resource,
      String prefix,
      String lock) {
    this.lock = lock;
    this.kind = kind;
    this.options = options;
    this.cluster = cluster;
    this.prefix = prefix;
    this.redisNodes = List.copyOf(redisNodes);
    this.replica = replica;
    this.replicationLink = replicationLink;
    this.zookeeper = zookeeper;
    this.resource = resource;
  }

  /**
   * Starts the servers of {@code kind} and the resource server, owned by {@code cluster}'s current
   * scope. With {@link LockKind#SINGLE_REPLICA} it also waits until the replica has synced.
   *
   * @param kind the lock deployment
   * @param options TTL, persistence, clock shift and the like
   * @param cluster the extension that owns the servers
   * @return the running deployment, without clients yet
   * @throws dev.distlock.cluster.HarnessException if a server does not start
   */
  public static Deployment start(
      LockKind kind, DeploymentOptions options, ClusterExtension cluster) {
    return start(kind, options, cluster, null);
  }

  /**
   * Starts the servers of {@code kind} for a plugged-in lock: its clients run the {@link
   * dev.distlock.testbed.TestedLock} named {@code lock} instead of distlock's lock of {@code kind}.
   *
   * @param kind the deployment (one the lock declares)
   * @param options TTL, persistence, clock shift and the like
   * @param cluster the extension that owns the servers
   * @param lock the plugged-in lock's name, or null for distlock's own lock
   * @return the running deployment, without clients yet
   * @throws IllegalArgumentException if the lock is unknown or does not run on {@code kind}
   */
  public static Deployment start(
      LockKind kind, DeploymentOptions options, ClusterExtension cluster, String lock) {
    if (lock != null && !TestedLocks.named(lock).deployments().contains(kind)) {
      throw new IllegalArgumentException(lock + " does not run on " + kind);
    }
    String prefix = "d" + DEPLOYMENTS.incrementAndGet();
    RedisServer resource = cluster.redis(b -> b.name(prefix + "-resource"));
    List<RedisServer> nodes = new ArrayList<>();
    RedisServer replica = null;
    ProxiedEndpoint link = null;
    ZooKeeperServer zk = null;
    DatabaseServer db = null;
    if (kind == LockKind.ZOOKEEPER) {
      zk = cluster.zookeeper();
    } else if (kind.jdbc()) {
      boolean shift = options.clockShift();
      db =
          kind.mariadb()
              ? cluster.mariadb(b -> b.clockShift(shift))
              : cluster.postgres(b -> b.clockShift(shift));
    } else if (kind != LockKind.ZOOKEEPER_ENSEMBLE && !kind.serverFailover()) {
      for (int i = 0; i < kind.nodes(); i++) {
        nodes.add(
            cluster.redis(
                b -> b.persistent(options.persistent()).clockShift(options.clockShift())));
      }
    }
    ManagedRedis managed = null;
    if (kind.serverFailover()) {
      managed = ManagedRedis.start(kind, options, cluster, prefix);
      nodes.addAll(managed.nodes());
    }
    if (kind == LockKind.SINGLE_REPLICA) {
      RedisServer master = nodes.get(0);
      replica = cluster.redis(b -> b);
      link = cluster.toxiproxy().proxy(prefix + "-replication", master);
      replica.replicaOf(link.host(), link.port());
      RedisServer r = replica;
      Awaitility.await("replica " + r + " in sync")
          .atMost(Timing.seconds(20))
          .until(r::replicationLinkUp);
    }
    Deployment d =
        new Deployment(kind, options, cluster, nodes, replica, link, zk, resource, prefix, lock);
    d.database = db;
    d.managed = managed;
    if (kind == LockKind.ZOOKEEPER_ENSEMBLE) {
      // Peer links through Toxiproxy, so a partition can isolate one member from the others;
      // syncLimit 4 ticks (2 s) lets an isolated leader step down within about a session.
      PeerLinks peers = new PeerLinks(cluster.toxiproxy(), prefix + "-peer");
      d.peerLinks = peers;
      d.ensemble = cluster.ensemble(b -> b.size(3).peerRouter(peers).property("syncLimit", "4"));
    }
    return cluster.manage(d);
  }

  /**
   * Returns the lock kind.
   *
   * @return the kind
   */
  public LockKind kind() {
    return kind;
  }

  /**
   * Returns the plugged-in lock the clients run.
   *
   * @return its name, or null for distlock's own lock of {@link #kind()}
   */
  public String lock() {
    return lock;
  }

  /**
   * Returns the options.
   *
   * @return the options
   */
  public DeploymentOptions options() {
    return options;
  }

  /**
   * Returns the redis lock servers (the master first for {@link LockKind#SINGLE_REPLICA}).
   *
   * @return the servers; empty for ZooKeeper
   */
  public List<RedisServer> redisNodes() {
    return redisNodes;
  }

  /**
   * Returns the ZooKeeper server.
   *
   * @return the server
   * @throws IllegalStateException for a Redis kind
   */
  public ZooKeeperServer zookeeper() {
    if (zookeeper == null) {
      throw new IllegalStateException(kind + " has no ZooKeeper server");
    }
    return zookeeper;
  }

  /**
   * Returns the ZooKeeper ensemble of a {@link LockKind#ZOOKEEPER_ENSEMBLE} deployment.
   *
   * @return the ensemble; clients' link {@code n} leads to {@code servers().get(n)}
   * @throws IllegalStateException for other kinds
   */
  public ZooKeeperEnsemble ensemble() {
    if (ensemble == null) {
      throw new IllegalStateException(kind + " has no ZooKeeper ensemble");
    }
    return ensemble;
  }

  /**
   * Returns the member↔member links of a {@link LockKind#ZOOKEEPER_ENSEMBLE} deployment.
   *
   * @return the peer links
   * @throws IllegalStateException for other kinds
   */
  public PeerLinks peerLinks() {
    if (peerLinks == null) {
      throw new IllegalStateException(kind + " has no ZooKeeper ensemble");
    }
    return peerLinks;
  }

  /**
   * Returns the Sentinel or Redis Cluster deployment of a {@link LockKind#serverFailover()} kind.
   *
   * @return the deployment; its nodes are {@link #redisNodes()}, in the same order
   * @throws IllegalStateException for other kinds
   */
  public ManagedRedis managed() {
    if (managed == null) {
      throw new IllegalStateException(kind + " is not a Sentinel or Cluster deployment");
    }
    return managed;
  }

  /**
   * Returns the failover the servers decide of a {@link LockKind#serverFailover()} kind: of the
   * master holding {@code key} now.
   *
   * @param key a key of the lock (its slot picks the cluster's master), or null (slot 0)
   * @return the nemesis, not started
   * @throws IllegalStateException for other kinds
   */
  public ServerFailover serverFailover(String key) {
    return managed().failover(key);
  }

  /**
   * Returns the database server of a JDBC kind.
   *
   * @return the server
   * @throws IllegalStateException for other kinds
   */
  public DatabaseServer database() {
    if (database == null) {
      throw new IllegalStateException(kind + " has no database server");
    }
    return database;
  }

  /**
   * Returns the asynchronous replica of a {@link LockKind#SINGLE_REPLICA} deployment.
   *
   * @return the replica
   * @throws IllegalStateException for other kinds
   */
  public RedisServer replica() {
    if (replica == null) {
      throw new IllegalStateException(kind + " has no replica");
    }
    return replica;
  }

  /**
   * Returns the redis-server holding the protected inventory.
   *
   * @return the resource server
   */
  public RedisServer resource() {
    return resource;
  }

  /**
   * Starts a lock client in a child JVM with links of its own to every lock server.
   *
   * @param id the client's process number in histories (at least 1; 0 is the observer)
   * @return the ready client, closed with this deployment
   * @throws IllegalArgumentException if the id is taken or below 1
   */
  public ClientProcess client(int id) {
    return client(id, false);
  }

  /**
   * Starts a lock client in a child JVM, optionally under the clock-shift library so that its wall
   * clock can jump ({@link dev.distlock.nemesis.ClockJump#clients}).
   *
   * @param id the client's process number in histories (at least 1; 0 is the observer)
   * @param shiftedClock whether the child runs under the clock-shift library
   * @return the ready client, closed with this deployment
   * @throws IllegalArgumentException if the id is taken or below 1
   */
  public ClientProcess client(int id, boolean shiftedClock) {
    // The child JVM starts outside the lock, so several clients can start at once.
    ClientSpec spec = reserve(id);
    ClientProcess c = ClientProcess.start(id, spec, cluster.logDir(), shiftedClock);
    synchronized (this) {
      clients.put(id, c);
    }
    return c;
  }

  private synchronized ClientSpec reserve(int id) {
    if (id < 1 || clients.containsKey(id) || links.containsKey(id)) {
      throw new IllegalArgumentException("client id " + id + " is taken or below 1");
    }
    ToxiproxyServer toxiproxy = cluster.toxiproxy();
    List<ProxiedEndpoint> own = new ArrayList<>();
    if (zookeeper != null) {
      own.add(toxiproxy.proxy(prefix + "-c" + id + "-zk", zookeeper.host(), zookeeper.port()));
    } else if (ensemble != null) {
      for (ZooKeeperServer member : ensemble.servers()) {
        own.add(
            toxiproxy.proxy(
                prefix + "-c" + id + "-zk" + member.id(), member.host(), member.port()));
      }
    } else if (database != null) {
      own.add(toxiproxy.proxy(prefix + "-c" + id + "-db", database.host(), database.port()));
    } else {
      for (int n = 0; n < redisNodes.size(); n++) {
        own.add(toxiproxy.proxy(prefix + "-c" + id + "-n" + n, redisNodes.get(n)));
      }
    }
    List<String> endpoints =
        database != null
            ? List.of(database.jdbcUrl(own.get(0).host(), own.get(0).port()))
            : own.stream().map(p -> p.host() + ":" + p.port()).toList();
    links.put(id, List.copyOf(own));
    return new ClientSpec(
        kind.backend(),
        endpoints,
        options.ttl(),
        options.watchdog(),
        options.requestTimeout(),
        options.sessionTimeout(),
        resource.host() + ":" + resource.port(),
        lock,
        managed == null ? List.of() : managed.announced(),
        managed == null ? List.of() : managed.sentinelAddresses());
  }

  /**
   * Returns the link of client {@code id} to lock server {@code node}.
   *
   * @param id the client
   * @param node the node index (0 for single servers and ZooKeeper)
   * @return the proxy
   */
  public synchronized ProxiedEndpoint link(int id, int node) {
    return links.get(id).get(node);
  }

  /**
   * Returns every link of client {@code id}, by node.
   *
   * @param id the client
   * @return the proxies
   */
  public synchronized List<ProxiedEndpoint> links(int id) {
    return links.get(id);
  }

  /**
   * Returns the failover of a {@link LockKind#SINGLE_REPLICA} deployment, moving the links of every
   * client started so far to the replica.
   *
   * @return the nemesis, not started
   * @throws IllegalStateException for other kinds
   */
  public synchronized Failover failover() {
    if (replica == null) {
      throw new IllegalStateException(kind + " has no replica");
    }
    List<ProxiedEndpoint> fronts = new ArrayList<>();
    links.values().forEach(l -> fronts.add(l.get(0)));
    return Failover.of(redisNodes.get(0), replica, replicationLink, fronts);
  }

  /** Closes every client (resuming paused ones); servers are closed by the extension. */
  @Override
  public synchronized void close() {
    RuntimeException first = null;
    for (ClientProcess c : clients.values()) {
      try {
        c.close();
      } catch (RuntimeException e) {
        first = first == null ? e : first;
      }
    }
    clients.clear();
    if (first != null) {
      throw first;
    }
  }

  @Override
  public String toString() {
    return prefix + "(" + kind + (lock == null ? "" : ", " + lock) + ")";
  }
}
