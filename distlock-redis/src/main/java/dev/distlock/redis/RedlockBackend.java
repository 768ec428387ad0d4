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
 * Redlock over N independent masters, with a quorum fencing token, in two rounds when the proposal
 * is fresh.
 *
 * <p><b>Acquire.</b> The clock starts before the first request. Round 1: on every node, in
 * parallel, a script takes the lock ({@code PX ttl}) only if it is free and the node's fence
 * counter is below the proposed token {@code p}, and then sets the counter to {@code p}; {@code p}
 * is one above the highest token this client has seen for the lock (its own last acquisition, or
 * counters that nodes reported). The lock is acquired if a majority took it and {@code ttl −
 * elapsed − drift > 0} (drift = ttl·1% + 2 ms). If not, but a majority answered "free, proposal
 * stale" or "taken", round 2 proposes one above the largest counter reported and runs the same
 * script (a node keeps the key it gave us in round 1). Otherwise, or if round 2 fails too, the lock
 * is released on every node and the engine retries after a random delay. The holder's validity is
 * {@code ttl − drift} from before the first request, never later than any node's expiry because
 * each node's key was set after that instant.
 *
 * <p><b>Token.</b> The lease's token is the proposal that won. It is larger than the token of every
 * acquisition that held the lock before it, as long as no node forgets its counter: that holder
 * raised the counters of a majority to its token, this acquisition took a majority whose counters
 * were below its proposal at that moment, and two majorities share a node, where the earlier
 * holder's script ran first (the node would not have given the lock to both). Checking "counter
 * below proposal" in the same script as the SET is what makes this hold for a slow acquirer: a
 * proposal computed before other clients held and released the lock is refused as stale instead of
 * being taken with a token smaller than theirs (RedlockLockOrderTokenIT; the old three-round
 * protocol raised the counter to {@code max(counter, proposed)} and returned the stale proposal).
 * The guard accepts equal tokens ({@code >=}); equal proposals cannot both win a majority. Counters
 * never expire, so a clock jump cannot regress tokens; a node restarted without its data can (it
 * may be the only node two majorities share).
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
  private final TokenMemory seen = new TokenMemory();
  // Acquire scripts still in flight when the acquisition was decided, by owner: their release must
  // wait for them, or a late SET could land after the DEL and hold that node for a whole TTL.
  private final java.util.concurrent.ConcurrentHashMap<
          String, java.util.Map<RedisNodeClient, java.util.concurrent.CompletableFuture<?>>>
      lateAcquires = new java.util.concurrent.ConcurrentHashMap<>();
  private final java.util.Set<java.util.concurrent.CompletableFuture<Void>> cleanups =
      java.util.concurrent.ConcurrentHashMap.newKeySet();

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

    long proposed = seen.next(name);
    Fanout.Round<RedisNodeClient.NodeAcquire> round = attempt(request, proposed, budget, start);
    Tally tally = new Tally(round, ttlMillis);
    seen.saw(name, tally.highestFence);
    if (tally.taken < quorum && tally.taken + tally.stale >= quorum) {
      // Free on a majority, but our proposal was behind: once more, above every counter we heard.
      long fresher = Math.max(proposed, tally.highestFence) + 1;
      Fanout.Round<RedisNodeClient.NodeAcquire> second = attempt(request, fresher, budget, start);
      Tally again = new Tally(second, ttlMillis);
      seen.saw(name, again.highestFence);
      if (again.taken >= quorum && validity - (clock.getAsLong() - start) > 0) {
        seen.saw(name, fresher);
        rememberLate(request.owner(), round, second);
        return new AcquireResult.Acquired(fresher, validity);
      }
      releaseEverywhere(name, request.owner(), round);
      return failed(name, request.owner(), ttlMillis, start, second, again);
    }
    if (tally.taken >= quorum && validity - (clock.getAsLong() - start) > 0) {
      seen.saw(name, proposed);
      rememberLate(request.owner(), round);
      return new AcquireResult.Acquired(proposed, validity);
    }
    return failed(name, request.owner(), ttlMillis, start, round, tally);
  }

  @SafeVarargs
  private void rememberLate(String owner, Fanout.Round<RedisNodeClient.NodeAcquire>... rounds) {
    java.util.Map<RedisNodeClient, java.util.concurrent.CompletableFuture<?>> late =
        new java.util.IdentityHashMap<>();
    for (Fanout.Round<RedisNodeClient.NodeAcquire> r : rounds) {
      late.putAll(r.pending());
    }
    if (!late.isEmpty()) {
      lateAcquires.put(owner, late);
      // Once they have all answered, a later release runs after them anyway: forget them then.
      java.util.concurrent.CompletableFuture.allOf(
              late.values().toArray(java.util.concurrent.CompletableFuture[]::new))
          .whenComplete((v, e) -> lateAcquires.remove(owner, late));
    }
  }

  /** One round of the acquire script on every node, settled as soon as the outcome is known. */
  private Fanout.Round<RedisNodeClient.NodeAcquire> attempt(
      AcquireRequest request, long proposed, long budget, long start) {
    long left = budget - (clock.getAsLong() - start);
    return fanout.run(
        n -> n.acquireProposed(request.name(), request.owner(), request.ttl().toMillis(), proposed),
        rs -> {
          // Settle a lost round early only once it can also be told apart: busy (a majority
          // answered) or unavailable (a majority failed). Until then, wait for more replies.
          int taken = taken(rs);
          int answered = ok(rs);
          return taken >= quorum
              || (rs.size() - taken > nodes.size() - quorum
                  && (answered >= quorum || rs.size() - answered > nodes.size() - quorum));
        },
        Math.max(0, left));
  }

  /** After a round that did not win: undo it and say why. */
  private AcquireResult failed(
      String name,
      String owner,
      long ttlMillis,
      long start,
      Fanout.Round<RedisNodeClient.NodeAcquire> round,
      Tally tally) {
    long elapsed = clock.getAsLong() - start;
    releaseEverywhere(name, owner, round);
    if (tally.taken >= quorum) {
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
    // Busy if someone else holds it (or keeps winning the counters) and a majority answered: with
    // fewer, nobody can take it, and waiting for a release would hide the outage.
    if ((tally.held > 0 || tally.stale > 0) && tally.taken + tally.held + tally.stale >= quorum) {
      return new AcquireResult.Busy(
          Duration.ofMillis(tally.retryAfter == Long.MAX_VALUE ? 1 : tally.retryAfter));
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
    var late = lateAcquires.remove(owner);
    if (late != null) {
      // Delete again once each late acquire has answered: whichever of SET and DEL the node ran
      // first, our key is gone afterwards (compare-and-delete is safe to repeat).
      late.forEach((node, f) -> deleteAfter(f, node, name, owner));
    }
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
      deleteAfter(
          late == null ? java.util.concurrent.CompletableFuture.completedFuture(null) : late,
          node,
          name,
          owner);
    }
  }

  /**
   * Deletes our key on {@code node} once {@code late} (an acquire script in flight there) has
   * answered, tracked so that {@link #close()} waits for it: a client closed right after a release
   * must not leave a late SET behind for a whole TTL.
   */
  private void deleteAfter(
      java.util.concurrent.CompletableFuture<?> late,
      RedisNodeClient node,
      String name,
      String owner) {
    java.util.concurrent.CompletableFuture<Void> cleanup =
        late.handle((v, e) -> null)
            .thenCompose(x -> fanout.runLater(node, n -> n.release(name, owner)));
    cleanups.add(cleanup);
    cleanup.whenComplete((v, e) -> cleanups.remove(cleanup));
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

  /** What one round's answers add up to. */
  private static final class Tally {
    int taken;
    int held;
    int stale;
    int failed; // answered with an error; nodes not heard from yet are not counted
    long highestFence;
    long retryAfter = Long.MAX_VALUE;

    Tally(Fanout.Round<RedisNodeClient.NodeAcquire> round, long ttlMillis) {
      for (Fanout.Reply<RedisNodeClient.NodeAcquire> r : round.replies()) {
        if (!r.ok()) {
          failed += round.pendingFor(r.node()) == null ? 1 : 0;
        } else if (r.value() instanceof RedisNodeClient.Taken t) {
          taken++;
          highestFence = Math.max(highestFence, t.token());
        } else if (r.value() instanceof RedisNodeClient.Stale st) {
          stale++;
          highestFence = Math.max(highestFence, st.fence());
        } else if (r.value() instanceof RedisNodeClient.Held h) {
          held++;
          retryAfter = Math.min(retryAfter, h.pttlMillis() > 0 ? h.pttlMillis() : ttlMillis);
        }
      }
    }
  }

  /**
   * The highest token this client has seen per lock name, so the next round 1 proposes above it.
   * Bounded (least recently used names are forgotten: a forgotten name costs one extra round).
   */
  private static final class TokenMemory {
    private static final int MAX_NAMES = 10_000;
    private final java.util.Map<String, Long> highest =
        new java.util.LinkedHashMap<>(16, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(java.util.Map.Entry<String, Long> eldest) {
            return size() > MAX_NAMES;
          }
        };

    synchronized long next(String name) {
      return highest.getOrDefault(name, 0L) + 1;
    }

    synchronized void saw(String name, long token) {
      if (token > 0) {
        highest.merge(name, token, Math::max);
      }
    }
  }

  @Override
  public ReleaseWaiter waiter(String name) {
    return listener.waiter(name);
  }

  @Override
  public void close() {
    // Bounded: each pending cleanup waits for at most one acquire and one delete, each with the
    // node's request timeout.
    long deadline = clock.getAsLong() + 2 * nodeTimeoutNanos;
    for (java.util.concurrent.CompletableFuture<Void> c : List.copyOf(cleanups)) {
      try {
        c.get(Math.max(0, deadline - clock.getAsLong()), java.util.concurrent.TimeUnit.NANOSECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        break;
      } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
        // best effort: that key expires with its TTL
      }
    }
    group.close();
  }

  @Override
  public String toString() {
    return "redis-redlock " + nodes;
  }
}
