package dev.distlock.redis;

import static dev.distlock.Fault.CLIENT_PAUSE;
import static dev.distlock.Fault.CLOCK_JUMP;
import static dev.distlock.Fault.CRASH_RESTART;
import static dev.distlock.Fault.FAILOVER;
import static dev.distlock.Fault.LATENCY;
import static dev.distlock.Fault.PARTITION;
import static dev.distlock.Fault.SERVER_PAUSE;

import dev.distlock.Guarantee;
import dev.distlock.Guarantees;
import dev.distlock.SafetyProperty;
import java.util.EnumSet;
import java.util.List;

/**
 * What the Redis locks promise, with the TLA+ property and the fault test that check each
 * statement. The safety matrix compares its verdicts with these.
 */
final class RedisGuarantees {
  private RedisGuarantees() {}

  static final Guarantees SINGLE =
      new Guarantees(
          "redis-single",
          List.of(
              new Guarantee(
                  SafetyProperty.MUTUAL_EXCLUSION,
                  EnumSet.of(CLIENT_PAUSE, CLOCK_JUMP, CRASH_RESTART, FAILOVER),
                  "SingleRedis!MutualExclusion",
                  "SingleRedisTargetedIT",
                  "The key's expiry runs on the server's clock: a holder paused past its TTL, a"
                      + " jumped server clock, or a node that forgot the key lets a second client"
                      + " in. Partitions, latency and server pauses are safe because validity is"
                      + " measured from before the request was sent."),
              new Guarantee(
                  SafetyProperty.TOKEN_MONOTONIC,
                  EnumSet.of(CRASH_RESTART, FAILOVER),
                  "SingleRedis!TokenMonotonic",
                  "ReplicaFailoverTargetedIT",
                  "The fence counter lives on the one node: losing its data (restart without"
                      + " persistence, promotion of a lagging replica) restarts the tokens."),
              new Guarantee(
                  SafetyProperty.RESOURCE_SAFETY,
                  EnumSet.of(CRASH_RESTART, FAILOVER),
                  "FencedResource!NoLostUpdate",
                  "SingleRedisTargetedIT",
                  "The guard rejects a paused holder's stale token; it cannot help once tokens"
                      + " repeat after the counter was lost.")));

  static final Guarantees REDLOCK =
      new Guarantees(
          "redis-redlock",
          List.of(
              new Guarantee(
                  SafetyProperty.MUTUAL_EXCLUSION,
                  EnumSet.of(CLIENT_PAUSE, CLOCK_JUMP, CRASH_RESTART, FAILOVER),
                  "Redlock!MutualExclusion",
                  "RedlockTargetedIT",
                  "A majority only excludes while every key in it lives its full TTL: a holder"
                      + " paused past its validity, one node's clock jumping ahead, or one node"
                      + " restarted without its data (a master replaced by a lagging replica is"
                      + " the same) lets a second majority form. A minority of nodes down,"
                      + " partitioned, slow or paused is tolerated."),
              new Guarantee(
                  SafetyProperty.TOKEN_MONOTONIC,
                  EnumSet.of(CRASH_RESTART, FAILOVER),
                  "Redlock!TokenMonotonic",
                  "RedlockTargetedIT",
                  "The token is max+1 of counters read from a majority and written to the"
                      + " majority that took the lock; any two majorities share a node, so it"
                      + " grows unless that shared node forgot its counter. Counters never expire,"
                      + " so clock jumps and pauses do not regress it."),
              new Guarantee(
                  SafetyProperty.RESOURCE_SAFETY,
                  EnumSet.of(CRASH_RESTART, FAILOVER),
                  "FencedResource!NoLostUpdate",
                  "RedlockTargetedIT",
                  "When a pause or clock jump lets two clients hold the lock, the later one has"
                      + " the larger token and the guard rejects the earlier one; it cannot help"
                      + " once a forgotten counter repeats tokens.")));

  static final Guarantees DUAL_WRITE =
      new Guarantees(
          "redis-dual-write",
          List.of(
              new Guarantee(
                  SafetyProperty.MUTUAL_EXCLUSION,
                  EnumSet.of(
                      PARTITION,
                      LATENCY,
                      SERVER_PAUSE,
                      CLIENT_PAUSE,
                      CLOCK_JUMP,
                      CRASH_RESTART,
                      FAILOVER),
                  "DualWrite!MutualExclusion",
                  "DualWriteTargetedIT",
                  "Each client writes only to the nodes it currently sees: when a partition"
                      + " hides node A from one client and node B from another, each moves the"
                      + " missing node to its retry queue and both acquire (split brain). A node"
                      + " coming back does not get the locks taken while it was away, so two"
                      + " outages in a row (node A paused or slower than the request timeout,"
                      + " then node B) let a second client in on A alone. It also inherits every"
                      + " weakness of a single node's TTL (pause, clock jump, lost data)."),
              new Guarantee(
                  SafetyProperty.TOKEN_MONOTONIC,
                  EnumSet.of(
                      PARTITION, LATENCY, SERVER_PAUSE, CLIENT_PAUSE, CRASH_RESTART, FAILOVER),
                  "DualWrite!TokenMonotonic",
                  "DualWriteTargetedIT",
                  "The token is the largest of the per-node counters this client wrote to;"
                      + " clients that see disjoint nodes count independently, a refused attempt"
                      + " that is rolled back keeps the increments it made, so the counters drift"
                      + " apart and a token taken while one node is out (paused or slower than"
                      + " the request timeout, or only in the view of a client that was itself"
                      + " paused past the request timeout while writing to it) can tie with or"
                      + " fall behind an earlier one, and a node that lost its data restarts its"
                      + " counter."),
              new Guarantee(
                  SafetyProperty.RESOURCE_SAFETY,
                  EnumSet.of(
                      PARTITION, LATENCY, SERVER_PAUSE, CLIENT_PAUSE, CRASH_RESTART, FAILOVER),
                  "FencedResource!NoLostUpdate",
                  "DualWriteTargetedIT",
                  "The guard rejects a paused holder only when the holder after it has a larger"
                      + " token; when the tokens of two holders come from different counters"
                      + " (split brain, a node's outage, a node a paused client moved out) they"
                      + " may tie or interleave and the guard cannot order them.")));
}
