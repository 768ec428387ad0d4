package dev.distlock.contract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.DistributedLock;
import dev.distlock.Fault;
import dev.distlock.Guarantees;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.SafetyProperty;
import dev.distlock.cluster.Ports;
import dev.distlock.cluster.ZooKeeperServer;
import dev.distlock.zookeeper.Sessions;
import dev.distlock.zookeeper.ZooKeeperLocks;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The contract on the ZooKeeper lock over a real ZooKeeper server. */
class ZooKeeperContractIT extends LockContractTest {
  private static ZooKeeperServer zk;
  private final Map<LockClient, CuratorFramework> curators = new ConcurrentHashMap<>();

  @BeforeAll
  static void startServer() {
    zk = cluster.zookeeper();
  }

  /** A started Curator client with short timeouts, so a dead server is noticed quickly. */
  static CuratorFramework curator(String connectString) {
    CuratorFramework c =
        CuratorFrameworkFactory.builder()
            .connectString(connectString)
            .sessionTimeoutMs(4_000)
            .connectionTimeoutMs(1_000)
            .retryPolicy(new RetryNTimes(2, 100))
            .build();
    c.start();
    return c;
  }

  @Override
  protected LockClient newClient(LockSettings settings) {
    CuratorFramework c = curator(zk.connectString());
    LockClient locks = new OwningClient(ZooKeeperLocks.create(c, "/contract", settings), c);
    curators.put(locks, c);
    return locks;
  }

  @Override
  protected LockClient newUnreachableClient() {
    CuratorFramework c = curator("127.0.0.1:" + Ports.free());
    return new OwningClient(ZooKeeperLocks.create(c, "/contract", SETTINGS), c);
  }

  /** Expires the holder's session the way the server does when a client goes silent. */
  @Override
  protected void revoke(String lockName, LockClient holder) {
    try {
      Sessions.expire(curators.get(holder), zk.connectString());
    } catch (Exception e) {
      throw new AssertionError("could not expire the session", e);
    }
  }

  @Test
  void statesItsGuarantees() {
    Guarantees g = client().guarantees();
    assertThat(g.lockType()).isEqualTo("zookeeper");
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.CLOCK_JUMP))).isTrue();
    assertThat(g.holds(SafetyProperty.MUTUAL_EXCLUSION, Set.of(Fault.CLIENT_PAUSE))).isFalse();
    assertThat(g.holds(SafetyProperty.TOKEN_MONOTONIC, Set.of(Fault.values()))).isTrue();
    assertThat(g.holds(SafetyProperty.RESOURCE_SAFETY, Set.of(Fault.values()))).isTrue();
  }

  /** The user owns Curator; the test closes it after the lock client, as a user would. */
  static final class OwningClient implements LockClient {
    private final LockClient locks;
    private final CuratorFramework curator;

    OwningClient(LockClient locks, CuratorFramework curator) {
      this.locks = locks;
      this.curator = curator;
    }

    @Override
    public DistributedLock lock(String name) {
      return locks.lock(name);
    }

    @Override
    public Guarantees guarantees() {
      return locks.guarantees();
    }

    @Override
    public LockSettings settings() {
      return locks.settings();
    }

    @Override
    public void close() {
      locks.close();
      curator.close();
    }
  }
}
