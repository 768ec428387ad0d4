package dev.distlock.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.Lease;
import dev.distlock.LockBackendException;
import dev.distlock.LockClient;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.ZooKeeperServer;
import dev.distlock.zookeeper.ZooKeeperLocks;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.api.ACLProvider;
import org.apache.curator.retry.RetryOneTime;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.ACL;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * ZooKeeper lock nodes carry the ACL of the user's Curator client: with a digest identity and
 * {@code CREATOR_ALL_ACL}, a client without those credentials can neither delete another's lock
 * node nor take the lock; the holder's lease is untouched.
 */
class ZooKeeperAclIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static ZooKeeperServer zk;

  @BeforeAll
  static void start() {
    zk = cluster.zookeeper();
  }

  /** Every node this client creates is readable and writable by its creator's identity only. */
  private static final ACLProvider CREATOR_ONLY =
      new ACLProvider() {
        @Override
        public List<ACL> getDefaultAcl() {
          return ZooDefs.Ids.CREATOR_ALL_ACL;
        }

        @Override
        public List<ACL> getAclForPath(String path) {
          return ZooDefs.Ids.CREATOR_ALL_ACL;
        }
      };

  private static CuratorFramework curator(String digest) {
    CuratorFrameworkFactory.Builder b =
        CuratorFrameworkFactory.builder()
            .connectString(zk.connectString())
            .sessionTimeoutMs(5000)
            .connectionTimeoutMs(2000)
            .retryPolicy(new RetryOneTime(100));
    if (digest != null) {
      b.authorization("digest", digest.getBytes(StandardCharsets.UTF_8)).aclProvider(CREATOR_ONLY);
    }
    CuratorFramework c = b.build();
    c.start();
    return c;
  }

  @Test
  void aClientWithoutTheCredentialsCannotDeleteTheHoldersNodeNorTakeTheLock() throws Exception {
    try (CuratorFramework alice = curator("alice:alice-secret");
        CuratorFramework anonymous = curator(null);
        CuratorFramework mallory = curator("mallory:guess");
        LockClient aliceLocks = ZooKeeperLocks.create(alice, "/acl");
        LockClient anonymousLocks = ZooKeeperLocks.create(anonymous, "/acl")) {
      try (Lease lease = aliceLocks.lock("order").acquire(Duration.ofSeconds(5))) {
        List<String> nodes = alice.getChildren().forPath("/acl/order");
        assertThat(nodes).hasSize(1);
        String node = "/acl/order/" + nodes.get(0);
        assertThat(alice.getACL().forPath(node))
            .singleElement()
            .satisfies(acl -> assertThat(acl.getId().getScheme()).isEqualTo("digest"));

        assertThatThrownBy(() -> anonymous.delete().forPath(node))
            .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> mallory.delete().forPath(node))
            .isInstanceOf(KeeperException.NoAuthException.class);
        assertThatThrownBy(() -> anonymousLocks.lock("order").acquire(Duration.ofMillis(500)))
            .isInstanceOf(LockBackendException.class)
            .hasStackTraceContaining("NoAuth");

        assertThat(alice.checkExists().forPath(node)).isNotNull();
        assertThat(lease.isValid()).isTrue();
      }
      assertThat(alice.getChildren().forPath("/acl/order")).isEmpty();
    }
  }
}
