package dev.distlock.peers;

import dev.distlock.testbed.TestedLock;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.workload.LockKind;
import java.util.Set;
import org.apache.curator.framework.recipes.locks.InterProcessSemaphoreMutex;

/**
 * Curator's {@code InterProcessSemaphoreMutex}: a non-reentrant mutex built on a one-lease
 * semaphore (an ephemeral-sequential lock node guarding an ephemeral lease node); no fencing token.
 * The holder believes until Curator reports the session {@code SUSPENDED} or {@code LOST}. The
 * worked example of {@code docs/test-your-own-lock.md}. Modelled by the ZooKeeper lock spec without
 * its token (an ephemeral node held while the session lives).
 */
public final class CuratorSemaphoreMutexPeer implements TestedLockFactory {
  @Override
  public String name() {
    return "curator-semaphore-mutex";
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
    return CuratorSession.open(target, "/peers-semaphore", InterProcessSemaphoreMutex::new);
  }
}
