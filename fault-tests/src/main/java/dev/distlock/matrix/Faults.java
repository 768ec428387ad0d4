package dev.distlock.matrix;

import dev.distlock.Fault;
import dev.distlock.client.ClientProcess;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.ZooKeeperServer;
import dev.distlock.generator.FaultStep;
import dev.distlock.generator.LoadFault;
import dev.distlock.generator.PlanGenerator;
import dev.distlock.nemesis.ClockJump;
import dev.distlock.nemesis.CrashRestart;
import dev.distlock.nemesis.Latency;
import dev.distlock.nemesis.Nemesis;
import dev.distlock.nemesis.Partition;
import dev.distlock.nemesis.ProcessPause;
import dev.distlock.workload.Deployment;
import dev.distlock.workload.LockKind;
import dev.distlock.workload.Run;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Builds the nemesis of a {@link FaultStep} on a {@link Deployment}: the adapter between the plans'
 * abstract fault steps and the nemesis package. A step hits the first {@code nodes} lock servers.
 */
final class Faults {
  private Faults() {}

  /**
   * True if the step's fault must be in effect before the holder acquires: the dual-write split,
   * where each client loses a different node and both acquire on the node they still see.
   */
  static boolean beforeAcquire(LockKind kind, FaultStep step) {
    return kind == LockKind.DUAL_WRITE && step.fault() == Fault.PARTITION && step.nodes() == 2;
  }

  /**
   * True if the step is two successive single-node outages of a dual-write group (node 0, then node
   * 1), played by {@code PlanExecutor} with {@link #outage} instead of {@link #build}.
   */
  static boolean successiveOutages(LockKind kind, FaultStep step) {
    return PlanGenerator.successiveOutages(kind, step.fault()) && step.nodes() == 2;
  }

  /**
   * How a partition cuts the clients' links on a row. Held (lossless, delivered at the heal) where
   * the lock lives in a session that outlives the partition: the JDBC rows, whose drivers wait on
   * their connection (a FOR UPDATE lock is bound to it; a reset there is a drop, another fault).
   * Black-holed (the heal resets what is left) where the clients give up on their connections
   * within the window: Redis clients after their 250 ms socket timeout, ZooKeeper clients after two
   * thirds of the session; TCP would answer the server's late replies with a reset, and a held link
   * queues them toward the closed socket, which Toxiproxy's heal then tries for 5 s per chunk
   * (Shopify/toxiproxy#558): in the quick campaign of 2026-12-02 a held Redis link's heal did not
   * finish in three attempts (75 s) and the run failed.
   *
   * @param kind the row's deployment
   * @return the mode of its client links
   */
  static Partition.Mode partitionMode(LockKind kind) {
    return kind.jdbc() ? Partition.Mode.HOLD : Partition.Mode.BLACKHOLE;
  }

  /**
   * True if the step is the dual-write group's client pauses during writes ({@link PausedWrites},
   * DualWrite_ClientPause): a client pause of every node's client, played by {@code PlanExecutor}
   * instead of {@link #build}.
   */
  static boolean pausedWrites(LockKind kind, FaultStep step) {
    return kind == LockKind.DUAL_WRITE && step.fault() == Fault.CLIENT_PAUSE && step.nodes() == 2;
  }

  /**
   * Builds one outage of a single lock server: a pause of it, or replies from it delayed by the
   * step's size (beyond the request timeout) to every client.
   *
   * @param d the deployment (every client of the run already started)
   * @param step a server-pause or latency step
   * @param node the lock server's index
   * @param clients every client id of the run
   * @return the nemesis, not started
   */
  static Nemesis outage(Deployment d, FaultStep step, int node, List<Integer> clients) {
    return switch (step.fault()) {
      case SERVER_PAUSE -> ProcessPause.redisServers(List.of(d.redisNodes().get(node)));
      case LATENCY -> {
        List<ProxiedEndpoint> links = new ArrayList<>();
        for (int c : clients) {
          links.add(d.link(c, node));
        }
        Duration delay = Duration.ofMillis(step.size());
        yield Latency.of(delay, delay.dividedBy(4), links);
      }
      default -> throw new IllegalArgumentException("not an outage: " + step);
    };
  }

  /**
   * Builds the nemesis.
   *
   * @param d the deployment (every client of the run already started)
   * @param step the step
   * @param holderClient the holder's child JVM
   * @param holder the holder's client id
   * @param contender the contender's client id
   * @param clients every client id of the run
   * @return the nemesis, not started
   */
  static Nemesis build(
      Deployment d,
      FaultStep step,
      ClientProcess holderClient,
      int holder,
      int contender,
      List<Integer> clients) {
    return build(d, step, holderClient, holder, contender, clients, null);
  }

  /**
   * Builds the nemesis of a step that strikes the lock whose key is {@code lockKey}: a failover of
   * Sentinel or a cluster hits the master that holds it.
   *
   * @param d the deployment (every client of the run already started)
   * @param step the step
   * @param holderClient the holder's child JVM
   * @param holder the holder's client id
   * @param contender the contender's client id
   * @param clients every client id of the run
   * @param lockKey a key of the run's lock ({@link #fenceKey}), or null
   * @return the nemesis, not started
   */
  static Nemesis build(
      Deployment d,
      FaultStep step,
      ClientProcess holderClient,
      int holder,
      int contender,
      List<Integer> clients,
      String lockKey) {
    LockKind kind = d.kind();
    if (kind == LockKind.ZOOKEEPER_ENSEMBLE && step.fault() != Fault.LATENCY) {
      return EnsembleFaults.build(d, step, holderClient, clients);
    }
    int nodes = Math.min(step.nodes(), kind.nodes());
    return switch (step.fault()) {
      case PARTITION -> {
        if (beforeAcquire(kind, step)) {
          yield Partition.of(
              Partition.Mode.REFUSE, List.of(d.link(holder, 1), d.link(contender, 0)));
        }
        yield Partition.of(partitionMode(kind), d.links(holder).subList(0, nodes));
      }
      case LATENCY -> {
        List<ProxiedEndpoint> links = new ArrayList<>();
        for (int c : clients) {
          links.addAll(d.links(c).subList(0, nodes));
        }
        Duration delay = Duration.ofMillis(step.size());
        yield Latency.of(delay, delay.dividedBy(4), links);
      }
      case SERVER_PAUSE ->
          kind == LockKind.ZOOKEEPER
              ? ProcessPause.zooKeeperServers(List.of(d.zookeeper()))
              : kind.jdbc()
                  ? ProcessPause.databases(List.of(d.database()))
                  : ProcessPause.redisServers(servers(d, nodes));
      case CLIENT_PAUSE -> ProcessPause.clients(List.of(holderClient));
      case CLOCK_JUMP ->
          kind.jdbc()
              ? ClockJump.databases(Duration.ofMillis(step.size()), List.of(d.database()))
              : ClockJump.of(Duration.ofMillis(step.size()), servers(d, nodes));
      case CRASH_RESTART ->
          kind.jdbc()
              ? CrashRestart.databases(List.of(d.database()))
              : CrashRestart.of(servers(d, nodes));
      case FAILOVER -> kind.serverFailover() ? d.serverFailover(lockKey) : d.failover();
    };
  }

  /**
   * Builds the nemesis of one fault of a continuous run's random schedule: links are those of every
   * listed client to every listed node, servers the listed nodes, clients the listed ones.
   *
   * @param d the deployment (every client of the run already started)
   * @param f the fault
   * @param clients the run's clients by id
   * @return the nemesis, not started
   */
  static Nemesis build(Deployment d, LoadFault f, Map<Integer, ClientProcess> clients) {
    List<ProxiedEndpoint> links = new ArrayList<>();
    for (int c : f.clients()) {
      for (int n : f.nodes()) {
        links.add(d.link(c, n));
      }
    }
    LockKind kind = d.kind();
    List<RedisServer> servers = new ArrayList<>();
    List<ZooKeeperServer> members = new ArrayList<>();
    if (kind == LockKind.ZOOKEEPER_ENSEMBLE) {
      f.nodes().forEach(n -> members.add(d.ensemble().server(n)));
    } else if (kind != LockKind.ZOOKEEPER && !kind.jdbc()) {
      f.nodes().forEach(n -> servers.add(d.redisNodes().get(n)));
    }
    return switch (f.fault()) {
      case PARTITION -> {
        if (kind == LockKind.ZOOKEEPER_ENSEMBLE && f.nodes().size() == 1) {
          // One member cut off from its peers too, as the targeted plans do: the leader or a
          // follower isolated, with the listed clients' links to it.
          yield EnsembleFaults.isolation(d, members.get(0), links);
        }
        yield Partition.of(partitionMode(kind), links);
      }
      case LATENCY -> {
        Duration delay = Duration.ofMillis(f.size());
        yield Latency.of(delay, delay.dividedBy(4), links);
      }
      case SERVER_PAUSE ->
          kind == LockKind.ZOOKEEPER
              ? ProcessPause.zooKeeperServers(List.of(d.zookeeper()))
              : kind == LockKind.ZOOKEEPER_ENSEMBLE
                  ? ProcessPause.zooKeeperServers(members)
                  : kind.jdbc()
                      ? ProcessPause.databases(List.of(d.database()))
                      : ProcessPause.redisServers(servers);
      case CLIENT_PAUSE -> ProcessPause.clients(f.clients().stream().map(clients::get).toList());
      case CLOCK_JUMP ->
          kind.jdbc()
              ? ClockJump.databases(Duration.ofMillis(f.size()), List.of(d.database()))
              : ClockJump.of(Duration.ofMillis(f.size()), servers);
      case CRASH_RESTART ->
          kind == LockKind.ZOOKEEPER_ENSEMBLE
              ? CrashRestart.zooKeeperServers(members)
              : kind.jdbc()
                  ? CrashRestart.databases(List.of(d.database()))
                  : CrashRestart.of(servers);
      // A cluster's failover hits the master of slot 0 (node 0's at the start).
      case FAILOVER -> kind.serverFailover() ? d.serverFailover(null) : d.failover();
    };
  }

  private static List<RedisServer> servers(Deployment d, int nodes) {
    return d.redisNodes().subList(0, nodes);
  }

  /** The key of a lock's entry in the Redis locks' key layout. */
  static String lockKey(Run run) {
    return "distlock:{" + run.lockName() + "}";
  }

  /** The key of a lock's fence counter in the Redis locks' key layout. */
  static String fenceKey(Run run) {
    return lockKey(run) + ":fence";
  }
}
