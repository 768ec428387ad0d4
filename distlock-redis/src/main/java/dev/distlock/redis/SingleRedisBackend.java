package dev.distlock.redis;

import dev.distlock.Guarantees;
import dev.distlock.LockBackendException;
import dev.distlock.spi.AcquireRequest;
import dev.distlock.spi.AcquireResult;
import dev.distlock.spi.Drift;
import dev.distlock.spi.LockBackend;
import dev.distlock.spi.ReleaseWaiter;
import dev.distlock.spi.RenewResult;
import java.time.Duration;
import java.util.List;

/**
 * The single-node Redis lock: {@code SET key owner NX PX ttl} plus {@code INCR} of the lock's fence
 * counter in one script; release is compare-and-delete, renewal compare-and-pexpire. The holder's
 * validity is the TTL minus the drift allowance, measured from before the request was sent.
 */
final class SingleRedisBackend implements LockBackend {
  private final NodeGroup group;
  private final RedisNodeClient node;

  SingleRedisBackend(RedisNode node, KeySpace keys) {
    this(new NodeGroup(List.of(node), keys, "single"));
  }

  /** Over a user's client. */
  SingleRedisBackend(RedisConnection connection) {
    this(
        new NodeGroup(
            tag -> List.of(connection.client(tag)),
            connection.keys(),
            "single",
            NodeGroup.PING_INTERVAL));
  }

  private SingleRedisBackend(NodeGroup group) {
    this.group = group;
    this.node = group.clients().get(0);
  }

  @Override
  public boolean isLocked(String name) {
    return node.isLocked(name);
  }

  NodeGroup nodes() {
    return group;
  }

  @Override
  public String type() {
    return "redis-single";
  }

  @Override
  public Guarantees guarantees() {
    return RedisGuarantees.SINGLE;
  }

  @Override
  public AcquireResult tryAcquire(AcquireRequest request) {
    try {
      RedisNodeClient.NodeAcquire r =
          node.acquire(request.name(), request.owner(), request.ttl().toMillis());
      if (r instanceof RedisNodeClient.Taken taken) {
        return new AcquireResult.Acquired(taken.token(), Drift.validityNanos(request.ttl()));
      }
      long pttl = ((RedisNodeClient.Held) r).pttlMillis();
      return new AcquireResult.Busy(pttl > 0 ? Duration.ofMillis(pttl) : request.ttl());
    } catch (LockBackendException e) {
      return new AcquireResult.Unavailable(e, true);
    }
  }

  @Override
  public RenewResult renew(String name, String owner, long ttlMillis) {
    try {
      return node.renew(name, owner, ttlMillis)
          ? new RenewResult.Renewed(Drift.validityNanos(Duration.ofMillis(ttlMillis)))
          : new RenewResult.NotOwner();
    } catch (LockBackendException e) {
      return new RenewResult.Unavailable(e);
    }
  }

  @Override
  public void release(String name, String owner) {
    if (node.release(name, owner)) {
      group.releases().released(name); // local waiters need not wait for the pub/sub round trip
    }
  }

  @Override
  public ReleaseWaiter waiter(String name) {
    return group.releases().waiter(name);
  }

  @Override
  public void close() {
    group.close();
  }

  @Override
  public String toString() {
    return "redis-single " + node;
  }
}
