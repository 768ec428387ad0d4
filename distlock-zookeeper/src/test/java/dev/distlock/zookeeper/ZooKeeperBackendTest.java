package dev.distlock.zookeeper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.Fault;
import dev.distlock.SafetyProperty;
import java.util.Set;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryOneTime;
import org.apache.curator.utils.PathUtils;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** What the ZooKeeper lock decides without a server: paths, input checks, guarantees. */
class ZooKeeperBackendTest {
  // Never started: nothing here talks to a server.
  private final CuratorFramework curator =
      CuratorFrameworkFactory.newClient("127.0.0.1:1", new RetryOneTime(1));

  @AfterEach
  void close() {
    curator.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"order:42", "a/b", ".", "..", "* x ?", "zoo\u00e9", "/"})
  void everyLockNameMapsToOneValidChildOfTheBasePath(String name) {
    ZooKeeperBackend backend = new ZooKeeperBackend(curator, "/locks");
    String dir = backend.dirFor(name);
    PathUtils.validatePath(dir);
    assertThat(dir).startsWith("/locks/");
    assertThat(dir.substring("/locks/".length())).doesNotContain("/").isNotIn(".", "..");
    backend.close();
  }

  @Test
  void distinctNamesGetDistinctPaths() {
    ZooKeeperBackend backend = new ZooKeeperBackend(curator, "/locks");
    assertThat(backend.dirFor("a/b")).isNotEqualTo(backend.dirFor("a%2Fb"));
    assertThat(backend.dirFor(".")).isNotEqualTo(backend.dirFor("%2E"));
    backend.close();
  }

  @Test
  void badBasePathIsRejected() {
    assertThatThrownBy(() -> ZooKeeperLocks.create(curator, "locks"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ZooKeeperLocks.create(curator, "/locks/"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> ZooKeeperLocks.create(null, "/locks"))
        .isInstanceOf(NullPointerException.class);
  }

  @Test
  void sessionLockGuarantees() {
    var g = ZooKeeperGuarantees.LOCK;
    assertThat(g.of(SafetyProperty.MUTUAL_EXCLUSION).breaksUnder())
        .containsExactly(Fault.CLIENT_PAUSE);
    assertThat(g.holds(SafetyProperty.TOKEN_MONOTONIC, Set.of(Fault.values()))).isTrue();
    assertThat(g.holds(SafetyProperty.RESOURCE_SAFETY, Set.of(Fault.values()))).isTrue();
    assertThat(g.of(SafetyProperty.MUTUAL_EXCLUSION).tlaSpec())
        .isEqualTo("ZooKeeperLock!MutualExclusion");
    assertThat(new ZooKeeperBackend(curator, "/x").renews()).isFalse();
  }
}
