package dev.distlock.client;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.LockTimeoutException;
import dev.distlock.guard.FencedResource;
import dev.distlock.guard.StaleTokenException;
import dev.distlock.redis.RedisFencedResource;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import dev.distlock.zookeeper.ZooKeeperLocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/** The lock client, the held leases and the resource of one child; interprets commands. */
final class ClientSession implements AutoCloseable {
  private static final String NAMESPACE = "inventory:";

  private final LockClient locks;
  private final AutoCloseable owned;
  private final RedisClient store;
  private final FencedResource guarded;
  private final Map<String, Lease> leases = new HashMap<>();
  private final PluggedLocks plugged;

  /** Every lease not yet known to be final, with whether the workload has closed it. */
  private final Map<Lease, Boolean> tracked = new ConcurrentHashMap<>();

  private final AtomicLong released = new AtomicLong();
  private final AtomicLong lost = new AtomicLong();
  private final Map<Long, String> baselineThreads;
  private final Set<Integer> lockPorts;
  private volatile boolean clientClosed;

  /**
   * {@code owned}: what the lock client runs on and the session closes after it, or null; {@code
   * plugged}: a peer's lock through the test-bed plug-in, or null; {@code baselineThreads} and
   * {@code lockPorts}: the threads before the lock client was built and the ports of the lock
   * servers, for the leak check.
   */
  private ClientSession(
      LockClient locks,
      AutoCloseable owned,
      RedisClient store,
      PluggedLocks plugged,
      Map<Long, String> baselineThreads,
      Set<Integer> lockPorts) {
    this.locks = locks;
    this.owned = owned;
    this.store = store;
    this.guarded = RedisFencedResource.create(store, NAMESPACE);
    this.plugged = plugged;
    this.baselineThreads = baselineThreads;
    this.lockPorts = lockPorts;
  }

  static ClientSession open(ClientSpec spec) {
    if (spec.lock() != null) {
      HostAndPort res = HostAndPort.from(spec.resource());
      RedisClient store = RedisClient.create(res.getHost(), res.getPort());
      store.exists("warm-up");
      Map<Long, String> baseline = Probes.threads();
      return new ClientSession(null, null, store, PluggedLocks.open(spec), baseline, Set.of());
    }
    LockSettings settings =
        LockSettings.builder()
            .ttl(spec.ttl())
            .watchdog(spec.watchdog())
            .retryDelay(Duration.ofMillis(5), Duration.ofMillis(30))
            .build();
    HostAndPort res = HostAndPort.from(spec.resource());
    RedisClient store = RedisClient.create(res.getHost(), res.getPort());
    // The resource's connection is part of the baseline; the lock client's threads are not.
    store.exists("warm-up");
    Map<Long, String> baseline = Probes.threads();
    Set<Integer> ports = new HashSet<>();
    spec.endpoints().forEach(e -> ports.add(port(e)));
    if (spec.backend() == Backend.JDBC_TABLE || spec.backend() == Backend.JDBC_FOR_UPDATE) {
      return JdbcClients.open(
          spec,
          settings,
          store,
          (locks, pool, st) -> new ClientSession(locks, pool, st, null, baseline, ports));
    }
    if (spec.backend() == Backend.REDIS_SENTINEL || spec.backend() == Backend.REDIS_CLUSTER) {
      Set<Integer> lockPorts = ReplicatedClients.ports(spec);
      return ReplicatedClients.open(
          spec,
          settings,
          (locks, jedis) -> new ClientSession(locks, jedis, store, null, baseline, lockPorts));
    }
    if (spec.backend() == Backend.ZOOKEEPER) {
      CuratorFramework curator =
          CuratorFrameworkFactory.builder()
              .connectString(String.join(",", spec.endpoints()))
              .sessionTimeoutMs(Math.toIntExact(spec.sessionTimeout().toMillis()))
              .connectionTimeoutMs(Math.toIntExact(spec.requestTimeout().toMillis()))
              .retryPolicy(new RetryNTimes(3, 100))
              .build();
      curator.start();
      return new ClientSession(
          ZooKeeperLocks.create(curator, "/distlock", settings),
          curator,
          store,
          null,
          baseline,
          ports);
    }
    List<RedisNode> nodes = new ArrayList<>();
    for (String e : spec.endpoints()) {
      HostAndPort hp = HostAndPort.from(e);
      nodes.add(
          RedisNode.builder(hp.getHost(), hp.getPort())
              .requestTimeout(spec.requestTimeout())
              .connectTimeout(spec.requestTimeout())
              .build());
    }
    LockClient locks =
        switch (spec.backend()) {
          case REDIS_SINGLE -> RedisLocks.single(nodes.get(0), settings);
          case REDLOCK -> RedisLocks.redlock(nodes, settings);
          case DUAL_WRITE -> RedisLocks.dualWrite(nodes, settings, Duration.ofMillis(200));
          case ZOOKEEPER, JDBC_TABLE, JDBC_FOR_UPDATE, REDIS_SENTINEL, REDIS_CLUSTER ->
              throw new AssertionError("handled above");
          case REDIS_FAIR -> RedisLocks.fair(nodes.get(0), settings, Backend.FAIR_WAITER_TIMEOUT);
        };
    return new ClientSession(locks, null, store, null, baseline, ports);
  }

  /** Runs one command and returns its reply line; never throws. */
  String handle(String command) {
    String[] w = command.trim().split(" ");
    try {
      if (plugged != null && plugged.handles(w[0])) {
        return plugged.handle(w);
      }
      return switch (w[0]) {
        case "acquire" -> acquire(w[1], Long.parseLong(w[2]));
        case "release" -> release(w[1]);
        case "valid" -> {
          Lease l = leases.get(w[1]);
          yield "ok " + (l != null && l.isValid());
        }
        case "fread" -> value(guarded.read(w[1], Long.parseLong(w[2])));
        case "fwrite" -> {
          guarded.write(w[1], Long.parseLong(w[2]), Long.parseLong(w[3]));
          yield "ok";
        }
        case "read" -> {
          String v = store.get(NAMESPACE + "{" + w[1] + "}");
          yield "ok " + (v == null ? "none" : v);
        }
        case "write" -> {
          store.set(NAMESPACE + "{" + w[1] + "}", w[2]);
          yield "ok";
        }
        case "held" -> "ok " + leases.containsKey(w[1]);
        case "remaining" -> {
          Lease l = leases.get(w[1]);
          yield "ok " + (l != null && l.isValid() ? l.remainingValidity().toMillis() : -1);
        }
        case "close-client" -> closeClient();
        case "quit" -> "ok";
        default -> "error unknown command: " + command;
      };
    } catch (StaleTokenException e) {
      return "stale " + e.highest();
    } catch (LockTimeoutException e) {
      return "timeout";
    } catch (RuntimeException e) {
      return "error " + oneLine(e);
    }
  }

  private String acquire(String name, long waitMs) {
    Lease lease = locks.lock(name).acquire(Duration.ofMillis(waitMs));
    tracked.put(lease, false);
    Lease previous = leases.put(name, lease);
    if (previous != null) {
      // The driver lost track of an earlier acquire (its reply came too late): give it up.
      close(previous);
    }
    return "ok " + lease.fencingToken();
  }

  private String release(String name) {
    Lease lease = leases.remove(name);
    if (lease == null) {
      return "error not held: " + name;
    }
    close(lease);
    return "ok";
  }

  private void close(Lease lease) {
    tracked.put(lease, true);
    lease.close();
  }

  /**
   * Answers a probe without waiting for the command under way.
   *
   * <pre>
   * probe-inflight -> ok acquire=A renew=R release=L   (backend calls under way now)
   * probe-leases   -> ok released=R lost=L open=NAME/TOKEN/STATE/REMAINING_MS/closed|held,...
   * probe-clock    -> ok MS   (System.currentTimeMillis(): shows a jump of the child's wall clock)
   * </pre>
   */
  String probe(String command) {
    try {
      return switch (command.trim()) {
        case "probe-inflight" -> "ok " + pairs(Probes.inflight());
        case "probe-leases" -> leaseReport();
        case "probe-clock" -> "ok " + System.currentTimeMillis();
        default -> "error unknown probe: " + command;
      };
    } catch (RuntimeException e) {
      return "error " + oneLine(e);
    }
  }

  private String leaseReport() {
    StringBuilder open = new StringBuilder();
    for (Map.Entry<Lease, Boolean> e : tracked.entrySet()) {
      Lease l = e.getKey();
      Lease.LeaseState s = l.state();
      if (s == Lease.LeaseState.RELEASED || s == Lease.LeaseState.LOST) {
        if (tracked.remove(l) != null) {
          (s == Lease.LeaseState.RELEASED ? released : lost).incrementAndGet();
        }
        continue;
      }
      long remaining = Math.max(-999_999_999L, Math.min(999_999_999L, remainingMillis(l)));
      open.append(open.isEmpty() ? "" : ",")
          .append(l.lockName())
          .append('/')
          .append(l.fencingToken())
          .append('/')
          .append(s)
          .append('/')
          .append(remaining)
          .append('/')
          .append(e.getValue() ? "closed" : "held");
    }
    return "ok released=" + released + " lost=" + lost + " open=" + open;
  }

  private static long remainingMillis(Lease l) {
    try {
      return l.remainingValidity().toMillis();
    } catch (ArithmeticException e) {
      return Long.MAX_VALUE;
    }
  }

  /**
   * Closes the lock client and waits (at most 10 s) until its threads have ended and its
   * connections to the lock servers are closed, then reports what is left beyond the baseline taken
   * before the lock client was built.
   */
  private String closeClient() {
    if (!clientClosed) {
      clientClosed = true;
      if (plugged != null) {
        plugged.close();
      } else {
        locks.close();
      }
      closeOwned();
    }
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    Map<Long, String> extra;
    int connections;
    do {
      extra = new TreeMap<>(Probes.threads());
      extra.keySet().removeAll(baselineThreads.keySet());
      connections = Probes.connections(lockPorts);
      if (extra.isEmpty() && connections <= 0) {
        break;
      }
      try {
        Thread.sleep(50); // polling the JVM's own threads: no event to wait on
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      }
    } while (System.nanoTime() - end < 0);
    return "ok threads="
        + (baselineThreads.size() + extra.size())
        + " baseline="
        + baselineThreads.size()
        + " connections="
        + connections
        + " leaked="
        + String.join("|", extra.values()).replace(' ', '_');
  }

  private static String pairs(Map<String, Integer> m) {
    StringBuilder sb = new StringBuilder();
    m.forEach((k, v) -> sb.append(sb.isEmpty() ? "" : " ").append(k).append('=').append(v));
    return sb.toString();
  }

  private static String value(OptionalLong v) {
    return "ok " + (v.isPresent() ? Long.toString(v.getAsLong()) : "none");
  }

  static String oneLine(Throwable e) {
    String m = e.getClass().getSimpleName() + ": " + e.getMessage();
    return m.replace('\n', ' ').replace('\r', ' ');
  }

  @Override
  public void close() {
    try {
      if (!clientClosed && plugged != null) {
        plugged.close();
      } else if (!clientClosed) {
        locks.close();
      }
    } finally {
      if (!clientClosed) {
        closeOwned();
      }
      store.close();
    }
  }

  private void closeOwned() {
    try {
      if (owned != null) {
        owned.close();
      }
    } catch (Exception e) {
      System.err.println("closing " + owned + " failed: " + e);
    }
  }

  /** The port of a lock server endpoint: {@code host:port} or a JDBC URL. */
  static int port(String endpoint) {
    java.util.regex.Matcher m =
        java.util.regex.Pattern.compile("//[^/:?]+:(\\d+)").matcher(endpoint);
    return m.find() ? Integer.parseInt(m.group(1)) : HostAndPort.from(endpoint).getPort();
  }
}
