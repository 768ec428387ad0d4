package dev.distlock.redis;

import static dev.distlock.Fault.CLIENT_PAUSE;
import static dev.distlock.Fault.CLOCK_JUMP;
import static dev.distlock.Fault.CRASH_RESTART;
import static dev.distlock.Fault.FAILOVER;

import dev.distlock.Guarantee;
import dev.distlock.Guarantees;
import dev.distlock.LockBackendException;
import dev.distlock.SafetyProperty;
import dev.distlock.spi.AcquireRequest;
import dev.distlock.spi.AcquireResult;
import dev.distlock.spi.Drift;
import dev.distlock.spi.LockBackend;
import dev.distlock.spi.ReleaseWaiter;
import dev.distlock.spi.RenewResult;
import java.time.Duration;
import java.util.EnumSet;
import java.util.List;

/**
 * The fair queue lock on one Redis node: a waiter enqueues in a sorted set by arrival number (ZADD
 * NX), polls to refresh its heartbeat, and takes the lock (the single-node {@code SET NX PX} plus
 * fence {@code INCR}) only when it is the head of the queue and the lock is free; see {@link
 * FairScripts}. The waiter's queue entry is its owner id, so the waiting happens inside one {@link
 * #tryAcquire} call, up to the request's wait: between polls it sleeps until a release
 * notification, the holder's expiry (when it is the head) or its next heartbeat. Renewal and
 * release are the single-node lock's; release also leaves the queue.
 */
final class FairRedisBackend implements LockBackend {
  static final Guarantees GUARANTEES =
      new Guarantees(
          "redis-fair",
          List.of(
              new Guarantee(
                  SafetyProperty.MUTUAL_EXCLUSION,
                  EnumSet.of(CLIENT_PAUSE, CLOCK_JUMP, CRASH_RESTART, FAILOVER),
                  "FairQueue!MutualExclusion (FairQueue_NoFault.holds, FairQueue_Crash.holds,"
                      + " FairQueue_ClientPause.violates-MutualExclusion)",
                  "FairRedisContractIT",
                  "The holder's key is the single-node lock's, with the same weaknesses; the"
                      + " queue only decides who may take it next. Order (not a SafetyProperty):"
                      + " grants strictly in arrival order among waiters that keep heartbeating"
                      + " (FairQueue!FIFO; FairQueue_NoHeadCheck and _EarlyEviction violate it),"
                      + " and the queue never hangs on a dead waiter (FairQueue!NoHang;"
                      + " FairQueue_NoEviction violates it). A waiter paused or cut off past the"
                      + " waiter timeout, or a server clock jump, loses its place and re-enqueues"
                      + " at the tail."),
              new Guarantee(
                  SafetyProperty.TOKEN_MONOTONIC,
                  EnumSet.of(CRASH_RESTART, FAILOVER),
                  "SingleRedis!TokenMonotonic",
                  "FairRedisContractIT",
                  "One fence counter on the one node, as for the single-node lock."),
              new Guarantee(
                  SafetyProperty.RESOURCE_SAFETY,
                  EnumSet.of(CRASH_RESTART, FAILOVER),
                  "FencedResource!NoLostUpdate",
                  "FairRedisContractIT",
                  "The guard rejects a paused holder's stale token; it cannot help once tokens"
                      + " repeat after the counter was lost.")));

  private final NodeGroup group;
  private final RedisNodeClient node;
  private final ReleaseListener listener;
  private final KeySpace keys;
  private final long waiterTimeoutMillis;
  private final long heartbeatNanos;

  FairRedisBackend(RedisNode node, KeySpace keys, Duration waiterTimeout) {
    this.group = new NodeGroup(List.of(node), keys, "fair");
    this.keys = keys;
    this.node = group.clients().get(0);
    this.listener = group.releases();
    this.waiterTimeoutMillis = waiterTimeout.toMillis();
    // Three heartbeats per timeout: one late or lost poll never gets a live waiter evicted.
    this.heartbeatNanos = waiterTimeout.toNanos() / 3;
  }

  @Override
  public String type() {
    return "redis-fair";
  }

  @Override
  public Guarantees guarantees() {
    return GUARANTEES;
  }

  private List<String> keyList(String name) {
    String base = keys.lockKey(name);
    return List.of(base, keys.fenceKey(name), base + ":queue", base + ":beats", base + ":seq");
  }

  @Override
  public AcquireResult tryAcquire(AcquireRequest request) {
    long entered = System.nanoTime();
    long wait = request.maxWait().toNanos(); // bounded by the engine; elapsed time never overflows
    List<String> keyList = keyList(request.name());
    List<String> args =
        List.of(
            request.owner(),
            Long.toString(request.ttl().toMillis()),
            Long.toString(waiterTimeoutMillis));
    ReleaseWaiter waiter = null;
    LockBackendException lastError = null;
    try {
      while (true) {
        long sent = System.nanoTime();
        List<?> r = null;
        try {
          r = (List<?>) node.eval(FairScripts.POLL, keyList, args);
          lastError = null;
        } catch (LockBackendException e) {
          lastError = e;
        }
        long left = wait - (System.nanoTime() - entered);
        if (r != null && (Long) r.get(0) != 0) {
          return acquired(r, request.ttl(), sent - entered);
        }
        if (left <= 0) {
          if (lastError != null) {
            // The engine releases this owner later, which also takes it out of the queue.
            return new AcquireResult.Unavailable(lastError, true);
          }
          leave(request.name(), request.owner());
          long pttl = (Long) r.get(1);
          return new AcquireResult.Busy(pttl > 0 ? Duration.ofMillis(pttl) : request.ttl());
        }
        if (waiter == null) {
          waiter = listener.waiter(request.name());
          continue; // one more poll, so a release before the registration is not missed
        }
        // Poll again within a heartbeat (keeping our place across a failed poll: the entry only
        // goes after a whole waiter timeout without one), sooner when the holder's key expires.
        long pause = Math.min(left, lastError != null ? heartbeatNanos / 3 : heartbeatNanos);
        if (r != null && (Long) r.get(2) == 0 && (Long) r.get(1) > 0) {
          pause = Math.min(pause, Duration.ofMillis((Long) r.get(1)).toNanos() + 1_000_000L);
        }
        try {
          waiter.await(pause);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt(); // the engine sees the flag and gives up
          leave(request.name(), request.owner());
          return new AcquireResult.Busy(request.ttl());
        }
      }
    } finally {
      if (waiter != null) {
        waiter.close();
      }
    }
  }

  /**
   * The engine adds the validity to its clock reading from before this whole call, but the key was
   * set by the poll sent {@code waitedNanos} later: count the validity from that poll.
   */
  private static AcquireResult acquired(List<?> r, Duration ttl, long waitedNanos) {
    long validity = Drift.validityNanos(ttl);
    if ((Long) r.get(0) == 2) {
      // Taken by an earlier poll whose reply was lost: only what is left of its TTL counts.
      long pttl = Math.max(0, (Long) r.get(2));
      validity = Math.min(validity, Duration.ofMillis(pttl).toNanos() - Drift.allowanceNanos(ttl));
    }
    return new AcquireResult.Acquired((Long) r.get(1), waitedNanos + validity);
  }

  /** Leaves the queue, best effort: a waiter that cannot leave is evicted after its timeout. */
  private void leave(String name, String owner) {
    try {
      release(name, owner);
    } catch (LockBackendException e) {
      // Evicted by the next poll after the waiter timeout.
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
    Object r =
        node.evalRepeatable(
            FairScripts.LEAVE,
            keyList(name).subList(0, 4),
            List.of(owner, keys.releaseChannel(name), node.releaseMessage(name)));
    if (Long.valueOf(1).equals(r)) {
      listener.released(name);
    }
  }

  @Override
  public ReleaseWaiter waiter(String name) {
    return listener.waiter(name);
  }

  @Override
  public void close() {
    group.close();
  }

  @Override
  public String toString() {
    return "redis-fair " + node;
  }
}
