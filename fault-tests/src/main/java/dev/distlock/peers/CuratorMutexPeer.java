package dev.distlock.peers;

import dev.distlock.testbed.TestedLock;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.workload.LockKind;
import java.util.Set;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;

/**
 * Curator's {@code InterProcessMutex}: an ephemeral-sequential node, the lowest holds; no fencing
 * token exposed. The holder's belief follows Curator's advice: a lock acquired before a {@code
 * SUSPENDED} or {@code LOST} connection state must be considered lost. Modelled by the ZooKeeper
 * lock spec without its token.
 */
public final class CuratorMutexPeer implements TestedLockFactory {
  @Override
  public String name() {
    return "curator-mutex";
  }

  @Override
  public Set<LockKind> deployments() {
    return Set.of(LockKind.ZOOKEEPER);
  }

  @Override
  public boolean fencing() {
    return false;
  }

  @Override
  public String model() {
    return "ZooKeeperLock without token";
  }

  @Override
  public TestedLock open(Target target) {
    return CuratorSession.open(target, "/peers", InterProcessMutex::new);
  }
}
