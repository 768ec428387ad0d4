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
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.JedisPooled;

/** The lock client, the held leases and the resource of one child; interprets commands. */
final class ClientSession implements AutoCloseable {
  private static final String NAMESPACE = "inventory:";

  private final LockClient locks;
  private final AutoCloseable owned;
  private final JedisPooled store;
  private final FencedResource guarded;
  private final Map<String, Lease> leases = new HashMap<>();
  private final PluggedLocks plugged;

  /**
   * {@code owned}: what the lock client runs on and the session closes after it, or null; {@code
   * plugged}: a peer's lock through the test-bed plug-in, or null.
   */
  private ClientSession(
      LockClient locks, AutoCloseable owned, JedisPooled store, PluggedLocks plugged) {
    this.locks = locks;
    this.owned = owned;
    this.store = store;
    this.guarded = RedisFencedResource.create(store, NAMESPACE);
    this.plugged = plugged;
  }

  static ClientSession open(ClientSpec spec) {
    if (spec.lock() != null) {
      HostAndPort res = HostAndPort.from(spec.resource());
      return new ClientSession(
          null, null, new JedisPooled(res.getHost(), res.getPort()), PluggedLocks.open(spec));
    }
    LockSettings settings =
        LockSettings.builder()
            .ttl(spec.ttl())
            .watchdog(spec.watchdog())
            .retryDelay(Duration.ofMillis(5), Duration.ofMillis(30))
            .build();
    HostAndPort res = HostAndPort.from(spec.resource());
    JedisPooled store = new JedisPooled(res.getHost(), res.getPort());
    if (spec.backend() == Backend.JDBC_TABLE || spec.backend() == Backend.JDBC_FOR_UPDATE) {
      return JdbcClients.open(
          spec, settings, store, (locks, pool, st) -> new ClientSession(locks, pool, st, null));
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
          ZooKeeperLocks.create(curator, "/distlock", settings), curator, store, null);
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
          case ZOOKEEPER, JDBC_TABLE, JDBC_FOR_UPDATE -> throw new AssertionError("handled above");
          case REDIS_FAIR -> RedisLocks.fair(nodes.get(0), settings, Backend.FAIR_WAITER_TIMEOUT);
        };
    return new ClientSession(locks, null, store, null);
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
    leases.put(name, lease);
    return "ok " + lease.fencingToken();
  }

  private String release(String name) {
    Lease lease = leases.remove(name);
    if (lease == null) {
      return "error not held: " + name;
    }
    lease.close();
    return "ok";
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
      if (plugged != null) {
        plugged.close();
      } else {
        locks.close();
      }
    } finally {
      try {
        if (owned != null) {
          owned.close();
        }
      } catch (Exception e) {
        System.err.println("closing " + owned + " failed: " + e);
      }
      store.close();
    }
  }
}
