package dev.distlock.zookeeper;

import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.spi.LockClients;
import java.util.Objects;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.utils.PathUtils;

/**
 * Factory for the ZooKeeper lock.
 *
 * <pre>{@code
 * CuratorFramework curator = CuratorFrameworkFactory.newClient(connect, new ExponentialBackoffRetry(100, 3));
 * curator.start();
 * try (LockClient locks = ZooKeeperLocks.create(curator, "/locks")) {
 *   try (Lease lease = locks.lock("order:42").acquire(Duration.ofSeconds(2))) {
 *     stock.decrement("sku-1", lease.fencingToken()); // the czxid of our node
 *   }
 * }
 * }</pre>
 *
 * <p>Each lock name becomes a container node {@code basePath/<url-encoded name>} holding one
 * protected ephemeral-sequential node per waiter. A lease lives as long as the Curator session: it
 * is not valid while the connection is SUSPENDED and is lost (with {@code onLost}) when the
 * connection is LOST or the session expired. The TTL and watchdog of {@link LockSettings} are not
 * used; the retry delays are.
 */
public final class ZooKeeperLocks {
  private ZooKeeperLocks() {}

  /**
   * A lock client over {@code curator} (started by the caller, who also closes it, after this
   * client) with the default settings.
   *
   * @throws IllegalArgumentException if {@code basePath} is not a valid absolute ZooKeeper path
   */
  public static LockClient create(CuratorFramework curator, String basePath) {
    return create(curator, basePath, LockSettings.defaults());
  }

  /**
   * As {@link #create(CuratorFramework, String)} with explicit settings.
   *
   * @throws IllegalArgumentException if {@code basePath} is not a valid absolute ZooKeeper path
   */
  public static LockClient create(
      CuratorFramework curator, String basePath, LockSettings settings) {
    Objects.requireNonNull(curator, "curator");
    Objects.requireNonNull(basePath, "basePath");
    Objects.requireNonNull(settings, "settings");
    PathUtils.validatePath(basePath);
    return LockClients.create(new ZooKeeperBackend(curator, basePath), settings);
  }
}
