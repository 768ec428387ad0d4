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
import java.util.function.LongSupplier;

/**
 * Redlock over N independent masters, with a quorum fencing token.
 *
 * <p><b>Acquire.</b> The clock starts before the first request. (1) Read the lock's fence counter
 * from a majority and propose {@code max + 1}. (2) On every node, in parallel, run {@code SET NX
 * PX} and, only if that succeeded, raise the node's counter to {@code max(counter, proposed)} in
 * the same script. The lock is acquired if a majority took it and {@code ttl − elapsed − drift > 0}
 * (drift = ttl·1% + 2 ms). Otherwise it is released on every node and the engine retries after a
 * random delay. The holder's validity is {@code ttl − drift} from before the first request, which
 * is never later than any node's expiry because each node's key was set after that instant.
 *
 * <p><b>Token.</b> The lease's token is {@code proposed}. It is larger than every earlier
 * <em>completed</em> acquisition's token as long as no node forgets its counter: the earlier holder
 * wrote its token to a majority, this acquirer read a majority, and two majorities share a node.
 * Two acquisitions running at the same time may propose the same value; at most one of them gets a
 * majority of lock keys unless mutual exclusion is already broken, and if both do (a clock jump
 * expired a key early) the second one read the first one's counter, so ties need overlapping
 * acquires, not merely overlapping holds. The TLA+ model orders equal tokens by owner id; the guard
 * accepts equal tokens ({@code >=}), so it does not separate such a tie. Counters never expire, so
 * a clock jump cannot regress tokens; a node restarted without its data can (it may be the only
 * node two majorities share).
 *
 * <p><b>Extend</b> needs a majority within the remaining validity; <b>release</b> goes to every
 * node and fails only if fewer than a majority could be reached.
 */
final class RedlockBackend implements LockBackend {
  private final NodeGroup group;
  private final List<RedisNodeClient> nodes;
  private final Fanout fanout;
  private final ReleaseListener listener;
  private final int quorum;
  private final long nodeTimeoutNanos;
  private final LongSupplier clock;

  RedlockBackend(List<RedisNode> nodes, KeySpace keys, LongSupplier clock) {
    if (nodes.size() < 3) {
      throw new IllegalArgumentException("Redlock needs at least 3 nodes, got " + nodes.size());
    }
    this.group = new NodeGroup(nodes, keys, "redlock");
    this.nodes = group.clients();
    this.fanout = group.fanout();
    this.listener = group.releases();
    this.quorum = nodes.size() / 2 + 1;
    this.nodeTimeoutNanos = group.nodeTimeoutNanos();
    this.clock = clock;
  }

  NodeGroup nodes() {
    return group;
  }

  int quorum() {
    return quorum;
  }

  @Override
  public String type() {
    return "redis-redlock";
  }

  @Override
  public Guarantees guarantees() {
    return RedisGuarantees.REDLOCK;
  }

  @Override
  public AcquireResult tryAcquire(AcquireRequest request) {
    long start = clock.getAsLong();
    String name = request.name();
    long ttlMillis = request.ttl().toMillis();
    long validity = Drift.validityNanos(request.ttl());
    long budget = Math.min(nodeTimeoutNanos, validity);

    // Any majority will do for the read: it shares a node with the majority of every earlier
    // holder.
    Fanout.Round<Long> reads = fanout.run(n -> n.readFence(name), rs -> ok(rs) >= quorum, budget);
    List<Fanout.Reply<Long>> okReads = reads.replies().stream().filter(Fanout.Reply::ok).toList();
    if (okReads.size() < quorum) {
      return new AcquireResult.Unavailable(
          failure("read the fence counter from", reads.replies()), false);
    }
    long proposed = okReads.stream().mapToLong(Fanout.Reply::value).max().orElseThrow() + 1;

    long left = budget - (clock.getAsLong() - start);
    Fanout.Round<RedisNodeClient.NodeAcquire> round =
        fanout.run(
            n -> n.acquireProposed(name, request.owner(), ttlMillis, proposed),
            rs -> taken(rs) >= quorum || rs.size() - taken(rs) > nodes.size() - quorum,
            Math.max(0, left));
    long elapsed = clock.getAsLong() - start;
    int taken = taken(round.replies());
    if (taken >= quorum && validity - elapsed > 0) {
      return new AcquireResult.Acquired(proposed, validity);
    }

    releaseEverywhere(name, request.owner(), round);
    int held = 0;
    long retryAfter = Long.MAX_VALUE;
    int failed = 0; // answered with an error; nodes not heard from yet are not counted
    for (Fanout.Reply<RedisNodeClient.NodeAcquire> r : round.replies()) {
      if (!r.ok()) {
        failed += round.pendingFor(r.node()) == null ? 1 : 0;
      } else if (r.value() instanceof RedisNodeClient.Held h) {
        held++;
        retryAfter = Math.min(retryAfter, h.pttlMillis() > 0 ? h.pttlMillis() : ttlMillis);
      }
    }
    if (taken >= quorum) {
      return new AcquireResult.Unavailable(
          new LockBackendException(
              "Redlock on '"
                  + name
                  + "': a majority answered after "
                  + elapsed / 1_000_000
                  + " ms, leaving no validity of the "
                  + ttlMillis
                  + " ms TTL",
              null),
          true);
    }
    // Busy only if someone else holds it and a majority could be reached at all.
    if (held > 0 && failed <= nodes.size() - quorum) {
      return new AcquireResult.Busy(Duration.ofMillis(retryAfter));
    }
    return new AcquireResult.Unavailable(
        failure("take the lock on", round.replies()),
        round.replies().stream().anyMatch(r -> !r.ok()));
  }

  @Override
  public RenewResult renew(String name, String owner, long ttlMillis) {
    long start = clock.getAsLong();
    Duration ttl = Duration.ofMillis(ttlMillis);
    long validity = Drift.validityNanos(ttl);
    Fanout.Round<Boolean> round =
        fanout.run(
            n -> n.renew(name, owner, ttlMillis),
            rs -> answered(rs, true) >= quorum || answered(rs, false) > nodes.size() - quorum,
            Math.min(nodeTimeoutNanos, validity));
    long elapsed = clock.getAsLong() - start;
    int renewed = answered(round.replies(), true);
    if (renewed >= quorum && validity - elapsed > 0) {
      return new RenewResult.Renewed(validity);
    }
    if (answered(round.replies(), false) > nodes.size() - quorum) {
      // A majority no longer has our entry: the lock is someone else's to take.
      return new RenewResult.NotOwner();
    }
    return new RenewResult.Unavailable(failure("extend the lock on", round.replies()));
  }

  @Override
  public void release(String name, String owner) {
    // Done once a majority has deleted: the lock is free for others then; the remaining deletes
    // finish in the background.
    Fanout.Round<Boolean> round =
        fanout.run(n -> n.release(name, owner), rs -> ok(rs) >= quorum, nodeTimeoutNanos);
    long reached = ok(round.replies());
    if (reached >= quorum) {
      listener.released(name);
      return;
    }
    List<RedisNodeClient> failed =
        round.replies().stream()
            .filter(r -> !r.ok() && round.pendingFor(r.node()) == null)
            .map(Fanout.Reply::node)
            .toList();
    // Once more on a fresh connection: a restarted node breaks pooled connections, and
    // compare-and-delete is safe to repeat.
    Fanout.Round<Boolean> again =
        fanout.run(failed, n -> n.release(name, owner), rs -> false, nodeTimeoutNanos);
    reached += ok(again.replies());
    if (reached < quorum) {
      throw failure("release the lock on", again.replies());
    }
    listener.released(name);
  }

  /** After a failed attempt: delete our entries, including those a late reply may still create. */
  private void releaseEverywhere(
      String name, String owner, Fanout.Round<RedisNodeClient.NodeAcquire> round) {
    List<RedisNodeClient> answered =
        round.replies().stream().filter(Fanout.Reply::ok).map(Fanout.Reply::node).toList();
    fanout.run(answered, n -> n.release(name, owner), rs -> false, nodeTimeoutNanos);
    // A node that failed or has not answered yet may still run (or have run) the script.
    List<RedisNodeClient> unsure =
        round.replies().stream().filter(r -> !r.ok()).map(Fanout.Reply::node).toList();
    for (int i = 0; i < unsure.size(); i++) {
      RedisNodeClient node = unsure.get(i);
      java.util.concurrent.CompletableFuture<?> late = round.pendingFor(node);
      if (late == null) {
        fanout.runAsync(List.of(node), n -> n.release(name, owner));
      } else {
        late.whenComplete((v, e) -> fanout.runAsync(List.of(node), n -> n.release(name, owner)));
      }
    }
  }

  private static <T> int ok(List<Fanout.Reply<T>> replies) {
    return (int) replies.stream().filter(Fanout.Reply::ok).count();
  }

  private static int answered(List<Fanout.Reply<Boolean>> replies, boolean value) {
    return (int) replies.stream().filter(r -> r.ok() && r.value() == value).count();
  }

  private static int taken(List<Fanout.Reply<RedisNodeClient.NodeAcquire>> replies) {
    int c = 0;
    for (var r : replies) {
      if (r.ok() && r.value() instanceof RedisNodeClient.Taken) {
        c++;
      }
    }
    return c;
  }

  private LockBackendException failure(String what, List<? extends Fanout.Reply<?>> replies) {
    StringBuilder sb =
        new StringBuilder("Redlock could not ")
            .append(what)
            .append(" a majority (")
            .append(quorum)
            .append(" of ")
            .append(nodes.size())
            .append(")");
    LockBackendException first = null;
    for (Fanout.Reply<?> r : replies) {
      if (!r.ok()) {
        sb.append("; ").append(r.error().getMessage());
        if (first == null) {
          first = r.error();
        }
      }
    }
    return new LockBackendException(sb.toString(), first);
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
    return "redis-redlock " + nodes;
  }
}
