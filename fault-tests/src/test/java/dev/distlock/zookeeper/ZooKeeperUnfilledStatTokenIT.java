package dev.distlock.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.ZooKeeperServer;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.CreateBuilder;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.data.Stat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * Found by the continuous workload (zookeeper+guard x partition, 60 s, seed 99, after session
 * expiries and lost connections: token-sanity violated, "p9 got token 0", and fenced-mutex failed
 * on it): the ZooKeeper lock handed out fencing token 0.
 *
 * <p>Cause: the token is the czxid that Curator writes into the {@code Stat} passed to {@code
 * storingStatIn}. When the reply to a protected create is lost (the connection drops after the
 * server created the node), Curator retries, finds the node by its protected prefix ({@code
 * CreateBuilderImpl.findProtectedNodeInForeground}) and returns its path <em>without</em> filling
 * that {@code Stat} (Curator 5.7.1: the found-node return skips the copy that the node-exists path
 * does). The backend then hands out czxid 0: smaller than every earlier token, so the guard rejects
 * the holder, and a token sanity check fails.
 *
 * <p>Deterministic: a Curator client whose create builder leaves the caller's {@code Stat} unfilled
 * exactly as that return path does (the node is created on a real server); the token must be the
 * czxid of the node that holds the lock (0 before the fix). Fixed: when the create leaves czxid 0,
 * the backend reads the node's {@code Stat} ({@code checkExists}) before using it as the token.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ZooKeeperUnfilledStatTokenIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final String BASE = "/unfilled-stat";

  @Test
  void aCreateThatLeavesTheStatUnfilledStillGivesTheNodesCzxidAsTheToken() throws Exception {
    ZooKeeperServer zk = cluster.zookeeper();
    try (CuratorFramework real =
        CuratorFrameworkFactory.newClient(zk.connectString(), new RetryNTimes(3, 100))) {
      real.start();
      AtomicBoolean armed = new AtomicBoolean();
      try (LockClient locks =
          ZooKeeperLocks.create(foundByProtection(real, armed), BASE, LockSettings.defaults())) {
        long earlier;
        try (Lease warm = locks.lock("order").acquire(Duration.ofSeconds(10))) {
          earlier = warm.fencingToken();
        }
        armed.set(true);
        try (Lease lease = locks.lock("order").acquire(Duration.ofSeconds(10))) {
          assertThat(armed).as("the unfilled Stat was played").isFalse();
          List<String> nodes = real.getChildren().forPath(BASE + "/order");
          assertThat(nodes).hasSize(1);
          Stat stat = real.checkExists().forPath(BASE + "/order/" + nodes.get(0));
          assertThat(lease.fencingToken())
              .as("token when Curator found our node by protection (earlier token %d)", earlier)
              .isEqualTo(stat.getCzxid())
              .isGreaterThan(earlier);
        }
      }
    }
  }

  /** Once armed, the next create fills a throw-away Stat instead of the caller's. */
  private static CuratorFramework foundByProtection(CuratorFramework real, AtomicBoolean armed) {
    return (CuratorFramework)
        Proxy.newProxyInstance(
            CuratorFramework.class.getClassLoader(),
            new Class<?>[] {CuratorFramework.class},
            (proxy, method, args) -> {
              Object result = call(method, real, args);
              if (method.getName().equals("create")
                  && (args == null || args.length == 0)
                  && armed.compareAndSet(true, false)) {
                CreateBuilder builder = (CreateBuilder) result;
                return Proxy.newProxyInstance(
                    CreateBuilder.class.getClassLoader(),
                    new Class<?>[] {CreateBuilder.class},
                    (p, m, a) ->
                        m.getName().equals("storingStatIn")
                            ? builder.storingStatIn(new Stat())
                            : call(m, builder, a));
              }
              return result;
            });
  }

  private static Object call(Method m, Object target, Object[] args) throws Throwable {
    try {
      return m.invoke(target, args);
    } catch (InvocationTargetException e) {
      throw e.getCause();
    }
  }
}
