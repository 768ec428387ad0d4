package dev.distlock.zookeeper;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.ZooKeeper;

/** Test helper: ends a client's ZooKeeper session on the server, as an expiry would. */
public final class Sessions {
  private Sessions() {}

  /**
   * Connects a second handle to {@code client}'s session and closes it: the server ends the session
   * and deletes its ephemeral nodes; the client hears of the expiry when it next talks to the
   * server. Waits for the second handle to connect first — closing an unconnected handle sends
   * nothing.
   *
   * @throws AssertionError if the second handle does not connect within 10 s
   */
  public static void expire(CuratorFramework client, String connectString) throws Exception {
    ZooKeeper handle = client.getZookeeperClient().getZooKeeper();
    CountDownLatch connected = new CountDownLatch(1);
    ZooKeeper twin =
        new ZooKeeper(
            connectString,
            4_000,
            event -> {
              if (event.getState() == Watcher.Event.KeeperState.SyncConnected) {
                connected.countDown();
              }
            },
            handle.getSessionId(),
            handle.getSessionPasswd());
    try {
      if (!connected.await(10, TimeUnit.SECONDS)) {
        throw new AssertionError("second handle of session did not connect within 10 s");
      }
    } finally {
      twin.close();
    }
  }
}
