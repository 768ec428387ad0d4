package dev.distlock.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.LockSettings;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.Timing;
import dev.distlock.cluster.ZooKeeperEnsemble;
import dev.distlock.cluster.ZooKeeperServer;
import dev.distlock.nemesis.Partition;
import dev.distlock.nemesis.PeerLinks;
import dev.distlock.zookeeper.ZooKeeperLocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.retry.RetryNTimes;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * {@code ZooKeeperLock_IsolatedFollower} on a real three-node ensemble: the holder's server, a
 * follower, is cut off from its peers (black hole: connections stay open, nothing arrives) while
 * its link to the holder stays up. The follower keeps answering the holder's pings until it notices
 * the leader is gone, after {@code syncLimit x tickTime}; the leader hears no more of the holder's
 * session and expires it after the session timeout, deleting the lock node, and a client of the
 * leader takes the lock. When the follower is the slower of the two (syncLimit x tickTime 6 s,
 * session 2 s) the holder's lease is still valid while the second client holds the lock: mutual
 * exclusion breaks, as the model predicts; the czxid token of the second holder is larger, so the
 * guard rejects the first (ZooKeeperLock_IsolatedFollowerGuarded). With the follower faster (1 s)
 * the holder's connection drops first and its lease is suspended before anyone else holds the lock
 * (ZooKeeperLock_Ensemble.holds, the matrix row's configuration: syncLimit 4 x 500 ms ≤ session).
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ZooKeeperIsolatedFollowerIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final Duration TICK = Duration.ofMillis(200);
  private static final int SESSION_MS = 2_000;

  private final List<AutoCloseable> open = new ArrayList<>();

  @AfterEach
  void close() throws Exception {
    for (int i = open.size() - 1; i >= 0; i--) {
      open.get(i).close();
    }
  }

  /** What the scenario saw when the second client got the lock. */
  record Outcome(Lease first, Lease second, boolean firstValidThen) {}

  private Outcome isolateTheHoldersFollower(int syncLimit) throws Exception {
    PeerLinks peers = new PeerLinks(cluster.toxiproxy(), "isolated-follower-" + syncLimit);
    ZooKeeperEnsemble ensemble =
        cluster.ensemble(
            b ->
                b.size(3)
                    .tickTime(TICK)
                    .peerRouter(peers)
                    .property("syncLimit", Integer.toString(syncLimit)));
    ZooKeeperServer leader = ensemble.leader().orElseThrow();
    ZooKeeperServer follower =
        ensemble.servers().stream().filter(s -> s != leader).findFirst().orElseThrow();
    LockClient holder = client(follower.connectString());
    LockClient contender = client(leader.connectString());
    String name = "isolated-" + syncLimit;

    Lease first = holder.lock(name).acquire(Timing.seconds(10));
    Partition cut = Partition.of(Partition.Mode.BLACKHOLE, peers.isolating(follower.id()));
    open.add(cut::heal);
    cut.start();
    Optional<Lease> second = contender.lock(name).tryAcquire(Timing.seconds(20));
    boolean firstValidThen = first.isValid();
    cut.heal();
    assertThat(second).as("the leader expired the holder's session and freed the lock").isPresent();
    open.add(second.get());
    return new Outcome(first, second.get(), firstValidThen);
  }

  private LockClient client(String connect) {
    CuratorFramework c =
        CuratorFrameworkFactory.builder()
            .connectString(connect)
            .sessionTimeoutMs(SESSION_MS)
            .connectionTimeoutMs(1_000)
            .retryPolicy(new RetryNTimes(3, 100))
            .build();
    c.start();
    open.add(c);
    LockClient locks = ZooKeeperLocks.create(c, "/isolated", LockSettings.builder().build());
    open.add(locks);
    return locks;
  }

  @Test
  void aFollowerSlowerThanTheSessionToNoticeItIsCutOffLetsASecondHolderIn() throws Exception {
    Outcome o = isolateTheHoldersFollower(30); // 6 s to notice, session 2 s
    assertThat(o.firstValidThen())
        .as("the first holder still believes while the second holds the lock")
        .isTrue();
    assertThat(o.second().fencingToken()).isGreaterThan(o.first().fencingToken());
  }

  @Test
  void aFollowerFasterThanTheSessionDropsTheHolderFirst() throws Exception {
    Outcome o = isolateTheHoldersFollower(5); // 1 s to notice, session 2 s
    assertThat(o.firstValidThen())
        .as("the first holder's lease was suspended or lost before the second got the lock")
        .isFalse();
  }
}
