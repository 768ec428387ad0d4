package dev.distlock.matrix;

import dev.distlock.client.Backend;
import dev.distlock.cluster.Timing;
import dev.distlock.generator.LoadGenerator;
import dev.distlock.generator.LoadPlan;
import dev.distlock.workload.LockKind;
import java.time.Duration;

/**
 * The time within which a continuous run must recover after its final heal, derived from the lock's
 * settings, and the time a lease may stay neither valid nor lost. Both are stated in the report
 * with their derivation.
 *
 * <p>Recovery, Redis locks: a client may be inside one acquire of the loop ({@code wait}); a lock
 * entry whose holder could not delete it lives at most one TTL; each node that failed costs a
 * request timeout per attempt (two attempts: the failing one and the retry on a new connection);
 * the dual-write prober takes a node back every 200 ms; the fair lock's queue may hold a dead
 * waiter's entry (a waiter that could not leave it) at its head until a live waiter's poll evicts
 * it, one waiter timeout plus one heartbeat (a third of it) later; then every client takes every
 * name once while all the others do the same ({@code clients × names} holds of about 100 ms on a
 * loaded machine); plus one second of slack. ZooKeeper: a session lost during the fault ends at
 * most one session timeout after the heal, the server removes its nodes at its next tick (up to
 * another session timeout), and Curator reconnects within its connection timeout and three 100 ms
 * retries. Sentinel and Cluster add the failover the servers may still carry out after a heal.
 * Everything is scaled by the harness's timing factor.
 *
 * @param acquireWait the loop's acquire wait
 * @param recovery the recovery bound
 * @param stuck how long a lease may stay neither valid nor lost
 * @param derivation the recovery bound's derivation, for the report
 */
public record LivenessBound(
    Duration acquireWait, Duration recovery, Duration stuck, String derivation) {
  /**
   * Sentinel and Cluster may still fail a master over after the heal of a pause that outlasted
   * their 1 s node timeout: the vote, the promotion and the clients' switch take a few seconds.
   */
  static final long SERVER_FAILOVER_MS = 3000;

  /**
   * Derives the bounds of a plan.
   *
   * @param p the plan
   * @return the bounds
   */
  public static LivenessBound of(LoadPlan p) {
    long req = LoadGenerator.REQUEST_TIMEOUT_MS;
    long ttl = p.ttlMs();
    long wait = 2 * ttl;
    long contention = p.clients() * (long) p.names() * 100;
    String derivation;
    long total;
    long stuck;
    if (p.kind() == LockKind.ZOOKEEPER) {
      long curator = req + 3 * 100;
      total = wait + 2 * ttl + curator + contention + 1000;
      stuck = ttl + req + 1000;
      derivation =
          String.format(
              "wait %d + 2 x session %d + connect %d and retries 300 + %d clients x %d names x"
                  + " 100 + slack 1000 = %d ms",
              wait, ttl, req, p.clients(), p.names(), total);
    } else {
      long attempts = 2 * req * (p.kind().nodes() > 1 ? 2 : 1);
      long prober = p.kind() == LockKind.DUAL_WRITE ? 200 : 0;
      long w = Backend.FAIR_WAITER_TIMEOUT.toMillis();
      long eviction = p.kind() == LockKind.FAIR ? w + w / 3 : 0;
      long failover = p.kind().serverFailover() ? SERVER_FAILOVER_MS : 0;
      total = wait + ttl + attempts + prober + eviction + failover + contention + 1000;
      // The watchdog renews every TTL/3; a renewal that cannot get through ends the lease at its
      // deadline, after at most one more request timeout.
      stuck = ttl / 3 + 2 * req + 1000;
      derivation =
          String.format(
              "wait %d + TTL %d + request timeouts %d%s%s%s + %d clients x %d names x 100 +"
                  + " slack 1000 = %d ms",
              wait,
              ttl,
              attempts,
              prober > 0 ? " + prober 200" : "",
              eviction > 0 ? " + waiter eviction " + eviction : "",
              failover > 0 ? " + servers' failover " + failover : "",
              p.clients(),
              p.names(),
              total);
    }
    double f = Timing.factor();
    if (f != 1.0) {
      derivation += String.format(", x timing factor %.1f", f);
    }
    return new LivenessBound(
        Duration.ofMillis(wait),
        Timing.scaled(Duration.ofMillis(total)),
        Timing.scaled(Duration.ofMillis(stuck)),
        derivation);
  }
}
