package dev.distlock.matrix;

import dev.distlock.check.LivenessChecks;
import dev.distlock.client.ClientProcess;
import dev.distlock.client.Reply;
import dev.distlock.cluster.Timing;
import dev.distlock.nemesis.Latency;
import dev.distlock.nemesis.Nemesis;
import dev.distlock.nemesis.ProcessPause;
import dev.distlock.workload.Actor;
import dev.distlock.workload.Deployment;
import dev.distlock.workload.Run;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import org.awaitility.Awaitility;

/**
 * DualWrite_ClientPause on real servers: no node fails, only clients pause. A client frozen while
 * one of its writes is in flight resumes after its request deadline, counts the write as timed out,
 * moves a healthy node to its retry queue and announces it; the other clients drop the node too
 * until their probers (every 200 ms) find it answering.
 *
 * <ol>
 *   <li>Node 0's counter falls behind: the second client releases, paused while its delete on node
 *       0 is in flight (the reply is slowed by {@link #AIM_DELAY}, below the request timeout, so
 *       only the pause makes it late); node 0 leaves both clients' queues and the first client
 *       holds a few times on node 1 alone, without selling (the guard sees none of these tokens).
 *   <li>Once node 0 is back everywhere, the first client acquires on both nodes (its token from
 *       node 1's counter), reads the stock and is frozen past its TTL.
 *   <li>When its entries have expired, the second client acquires, paused while its write to node 1
 *       is in flight: it gets node 0 alone, with a token from node 0's lagging counter below the
 *       first client's, and sells a unit through the guard, which has never seen a larger token.
 *   <li>The first client resumes and writes back the stock it read (the Kleppmann pause) with its
 *       larger token: the guard lets it through, and the second client's sale is lost.
 * </ol>
 *
 * <p>Whether a write paused in flight counts as late is a race inside the paused client when it
 * resumes (the reply is in its socket; which thread runs first decides), so each stage is tried up
 * to {@link #ATTEMPTS} times and checked on the servers' counters or the tokens; an attempt of the
 * last stages that did not come about writes nothing (the guard sees none of its tokens).
 */
final class PausedWrites {
  /** Below the 250 ms request timeout: without the pause, the reply is in time. */
  static final Duration AIM_DELAY = Duration.ofMillis(150);

  /** Past the request timeout: the client resumes after its deadline. */
  static final Duration WRITE_PAUSE = Duration.ofSeconds(1);

  /** Tries of each stage. */
  static final int ATTEMPTS = 4;

  /** Longer than two probe intervals of the clients' dual-write groups (200 ms). */
  private static final Duration PROBERS = Duration.ofMillis(600);

  private static final Duration WAIT = Duration.ofSeconds(5);
  private static final Duration PROBE = Duration.ofMillis(300);

  private final Run run;
  private final Deployment deployment;
  private final Map<Integer, ClientProcess> clients;
  private final Map<Integer, Actor> actors;
  private final ExecutorService background;
  private final Duration ttl;

  PausedWrites(
      Run run,
      Deployment deployment,
      Map<Integer, ClientProcess> clients,
      Map<Integer, Actor> actors,
      ExecutorService background,
      Duration ttl) {
    this.run = run;
    this.deployment = deployment;
    this.clients = clients;
    this.actors = actors;
    this.background = background;
    this.ttl = ttl;
  }

  /**
   * Plays the stages.
   *
   * @param firstId the client frozen with the larger token
   * @param secondId the client whose paused writes move the nodes out
   * @return false if a stage did not come about in its attempts (the run then holds no violation of
   *     this play, only ordinary holds)
   */
  boolean play(int firstId, int secondId) {
    Actor first = actors.get(firstId);
    Actor second = actors.get(secondId);
    String fence = Faults.fenceKey(run);
    int lagging = oneApart(first, second, secondId, fence);
    if (lagging < 0) {
      return false;
    }
    int leading = 1 - lagging;
    for (int i = 0; i < ATTEMPTS; i++) {
      pass(PROBERS);
      if (!(first.acquire(WAIT) instanceof Reply.Ok)) {
        return false;
      }
      if (!(first.beginDecrement() instanceof Reply.Ok)) {
        first.release();
        return false;
      }
      long firstToken = first.token();
      Nemesis freeze = ProcessPause.clients(List.of(clients.get(firstId)));
      run.inject(freeze);
      String lockKey = Faults.lockKey(run);
      Awaitility.await("the frozen holder's entries expire")
          .atMost(Timing.scaled(ttl.multipliedBy(2).plusSeconds(1)))
          .pollInterval(Duration.ofMillis(20))
          .until(() -> absent(0, lockKey) && absent(1, lockKey));
      Reply got = pausedIn(secondId, leading, "acquire", () -> second.acquire(WAIT));
      if (got instanceof Reply.Ok && second.token() <= firstToken) {
        second.decrement();
        second.release();
        run.heal(freeze);
        first.finishDecrement();
        first.release();
        return true;
      }
      // The pause did not make the write late: nobody writes, so the guard sees no token of this
      // attempt, and the counters stay one apart for the next.
      if (got instanceof Reply.Ok) {
        second.release();
      }
      run.heal(freeze);
      first.abandonDecrement();
      first.release();
    }
    return false;
  }

  /**
   * Brings the two nodes' counters exactly one apart, so that a token taken from the lagging node
   * alone ties with one taken from both just before: the second client releases, paused while its
   * delete on the node that must not count is in flight, and the first client holds on the other
   * node alone as many times as it takes (without selling: the guard sees none of these tokens).
   *
   * @return the lagging node, or -1 if the counters did not come one apart
   */
  private int oneApart(Actor first, Actor second, int secondId, String fence) {
    for (int i = 0; i < 2 * ATTEMPTS; i++) {
      long diff = counter(1, fence) - counter(0, fence);
      if (diff == 1 || diff == -1) {
        return diff == 1 ? 0 : 1;
      }
      int out = diff >= 2 ? 1 : 0;
      long holds = diff == 0 ? 1 : Math.abs(diff) - 1;
      if (!(second.acquire(WAIT) instanceof Reply.Ok)) {
        continue;
      }
      pausedIn(secondId, out, "release", second::release);
      for (long h = 0; h < holds; h++) {
        if (first.acquire(WAIT) instanceof Reply.Ok) {
          first.release();
        }
      }
      pass(PROBERS);
    }
    return -1;
  }

  /**
   * Runs {@code call} on client {@code id} with its replies from {@code node} slowed by {@link
   * #AIM_DELAY}, and freezes the client for {@link #WRITE_PAUSE} once a call of {@code kind} is
   * under way in it.
   */
  private Reply pausedIn(int id, int node, String kind, Callable<Reply> call) {
    Nemesis slow = Latency.of(AIM_DELAY, Duration.ZERO, List.of(deployment.link(id, node)));
    Nemesis pause = ProcessPause.clients(List.of(clients.get(id)));
    run.inject(slow);
    Future<Reply> f = background.submit(call);
    try {
      Awaitility.await("a " + kind + " under way in client " + id)
          .atMost(Timing.seconds(2))
          .pollInterval(Duration.ofMillis(2))
          .until(() -> f.isDone() || inFlight(id, kind));
      if (!f.isDone()) {
        run.inject(pause);
        pass(WRITE_PAUSE);
        run.heal(pause);
      }
    } finally {
      run.heal(slow);
    }
    return PlanExecutor.await(f, Timing.scaled(WAIT.multipliedBy(2)));
  }

  private boolean inFlight(int id, String kind) {
    Reply r = clients.get(id).probe("probe-inflight", PROBE);
    if (!(r instanceof Reply.Ok ok)) {
      return false;
    }
    Map<String, Integer> calls = new TreeMap<>();
    LivenessChecks.keyValuesInto(ok.value(), calls);
    return calls.getOrDefault(kind, 0) > 0;
  }

  private long counter(int node, String key) {
    String v = PlanExecutor.get(deployment.redisNodes().get(node), key);
    return v == null ? 0 : Long.parseLong(v);
  }

  private boolean absent(int node, String key) {
    return PlanExecutor.get(deployment.redisNodes().get(node), key) == null;
  }

  /** Lets {@code d} pass: the waits of this play are on the clients' own timers. */
  private static void pass(Duration d) {
    Awaitility.await().pollDelay(d).atMost(d.plusSeconds(1)).until(() -> true);
  }
}
