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
import java.util.function.Function;

/**
 * The dual-write Redis group ("YeeRedisGroup"), implemented as designed — a reference for what the
 * design does, not a repaired version of it.
 *
 * <p>Every write (acquire, extend, release) goes, in parallel, to every node in this client's
 * available queue ({@link DualWriteGroup}); a node that errors or times out leaves the queue for
 * the retry queue. An acquire succeeds when every node still available took the lock; a refusal on
 * any node rolls the others back and the lock counts as busy. The token is the largest of the
 * per-node counters of the nodes that took it. The design sends reads to the first available node;
 * the lock protocol has no pure reads (acquire, extend and release all write), so that rule has
 * nothing to apply to here.
 *
 * <p>What the design does not promise, and this implementation therefore does not either:
 *
 * <ul>
 *   <li>No quorum: a client that sees only one node locks on that node alone. When a partition
 *       hides node A from one client and node B from another, both acquire (split brain), and their
 *       tokens come from different counters.
 *   <li>No resynchronisation: a node that comes back from the retry queue does not get the locks
 *       taken while it was away. Those locks stay exclusive only through the nodes that had them;
 *       an extension succeeds while at least one available node still has our entry. Entries left
 *       on a node while it was away (a release it missed) expire with their TTL.
 *   <li>No distinction between a slow node and a slow client: a client paused past its request
 *       timeout while a write is in flight counts the write as timed out, moves a healthy node to
 *       its retry queue and announces it, so every client writes to the other node alone until its
 *       prober brings the node back. Tokens taken meanwhile come from one counter and can fall
 *       behind earlier ones (DualWrite_ClientPause).
 *   <li>Everything a single node's TTL does not promise (holder pause, clock jump, lost data).
 * </ul>
 */
final class DualWriteBackend implements LockBackend {
  private final NodeGroup nodeGroup;
  private final List<RedisNodeClient> nodes;
  private final DualWriteGroup group;
  private final Fanout fanout;
  private final ReleaseListener listener;
  private final long nodeTimeoutNanos;

  DualWriteBackend(List<RedisNode> nodes, KeySpace keys, Duration probeInterval) {
    if (nodes.size() < 2) {
      throw new IllegalArgumentException("a dual-write group needs at least 2 nodes");
    }
    this.nodeGroup = new NodeGroup(nodes, keys, "dual-write");
    this.nodes = nodeGroup.clients();
    this.group = new DualWriteGroup(nodeGroup, probeInterval);
    this.fanout = nodeGroup.fanout();
    this.listener = nodeGroup.releases();
    this.nodeTimeoutNanos = nodeGroup.nodeTimeoutNanos();
  }

  NodeGroup nodes() {
    return nodeGroup;
  }

  DualWriteGroup group() {
    return group;
  }

  @Override
  public String type() {
    return "redis-dual-write";
  }

  @Override
  public Guarantees guarantees() {
    return RedisGuarantees.DUAL_WRITE;
  }

  @Override
  public AcquireResult tryAcquire(AcquireRequest request) {
    String name = request.name();
    long ttlMillis = request.ttl().toMillis();
    long start = System.nanoTime();
    long validity = Drift.validityNanos(request.ttl());
    var replies = write(n -> n.acquire(name, request.owner(), ttlMillis));
    if (replies == null) {
      return new AcquireResult.Unavailable(noNodes(), false);
    }
    long token = 0;
    int taken = 0;
    long retryAfter = -1;
    for (var r : replies) {
      if (!r.ok()) {
        continue;
      }
      if (r.value() instanceof RedisNodeClient.Taken t) {
        taken++;
        token = Math.max(token, t.token());
      } else if (r.value() instanceof RedisNodeClient.Held h) {
        retryAfter = Math.max(retryAfter, h.pttlMillis() > 0 ? h.pttlMillis() : ttlMillis);
      }
    }
    boolean refused = retryAfter >= 0;
    if (!refused && taken > 0 && validity - (System.nanoTime() - start) > 0) {
      return new AcquireResult.Acquired(token, validity);
    }
    // Roll back: a refusal anywhere (or no time left) undoes the nodes that accepted.
    write(n -> n.release(name, request.owner()));
    if (refused) {
      return new AcquireResult.Busy(Duration.ofMillis(retryAfter));
    }
    return new AcquireResult.Unavailable(
        failure("acquire '" + name + "'", replies), replies.stream().anyMatch(r -> !r.ok()));
  }

  @Override
  public RenewResult renew(String name, String owner, long ttlMillis) {
    long start = System.nanoTime();
    long validity = Drift.validityNanos(Duration.ofMillis(ttlMillis));
    var replies = write(n -> n.renew(name, owner, ttlMillis));
    if (replies == null) {
      return new RenewResult.Unavailable(noNodes());
    }
    boolean renewed = replies.stream().anyMatch(r -> r.ok() && r.value());
    boolean answered = replies.stream().anyMatch(Fanout.Reply::ok);
    if (renewed && validity - (System.nanoTime() - start) > 0) {
      return new RenewResult.Renewed(validity);
    }
    return answered && !renewed
        ? new RenewResult.NotOwner()
        : new RenewResult.Unavailable(failure("extend '" + name + "'", replies));
  }

  @Override
  public void release(String name, String owner) {
    var replies = write(n -> n.release(name, owner));
    if (replies == null) {
      throw noNodes();
    }
    if (replies.stream().noneMatch(Fanout.Reply::ok)) {
      throw failure("release '" + name + "'", replies);
    }
    listener.released(name);
  }

  /**
   * One write to every available node, in parallel; nodes that fail move to the retry queue.
   *
   * @return the replies, or null if no node is available
   */
  private <T> List<Fanout.Reply<T>> write(Function<RedisNodeClient, T> op) {
    List<RedisNodeClient> targets = group.available();
    if (targets.isEmpty()) {
      return null;
    }
    var replies = fanout.run(targets, op, rs -> false, nodeTimeoutNanos).replies();
    for (var r : replies) {
      if (!r.ok()) {
        group.failed(r.node());
      }
    }
    return replies;
  }

  private LockBackendException noNodes() {
    return new LockBackendException(
        "dual-write: no node in the available queue (retry queue: " + group.retrying() + ")", null);
  }

  private static LockBackendException failure(String what, List<? extends Fanout.Reply<?>> rs) {
    LockBackendException first =
        rs.stream().filter(r -> !r.ok()).map(Fanout.Reply::error).findFirst().orElse(null);
    return new LockBackendException(
        "dual-write: could not " + what + (first != null ? ": " + first.getMessage() : ""), first);
  }

  @Override
  public ReleaseWaiter waiter(String name) {
    return listener.waiter(name);
  }

  @Override
  public void close() {
    group.close();
    nodeGroup.close();
  }

  @Override
  public String toString() {
    return "redis-dual-write " + nodes;
  }
}
