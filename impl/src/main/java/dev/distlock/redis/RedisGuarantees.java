package dev.distlock.redis;

import static dev.distlock.Fault.CLIENT_PAUSE;
import static dev.distlock.Fault.CLOCK_JUMP;
import static dev.distlock.Fault.CRASH_RESTART;
import static dev.distlock.Fault.FAILOVER;

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
                  "SingleRedisScenariosIT",
                  "The key's expiry runs on the server's clock: a holder paused past its TTL, a"
                      + " jumped server clock, or a node that forgot the key lets a second client"
                      + " in. Partitions, latency and server pauses are safe because validity is"
                      + " measured from before the request was sent."),
              new Guarantee(
                  SafetyProperty.TOKEN_MONOTONIC,
                  EnumSet.of(CRASH_RESTART, FAILOVER),
                  "SingleRedis!TokenMonotonic",
                  "SingleRedisScenariosIT",
                  "The fence counter lives on the one node: losing its data (restart without"
                      + " persistence, promotion of a lagging replica) restarts the tokens."),
              new Guarantee(
                  SafetyProperty.RESOURCE_SAFETY,
                  EnumSet.of(CRASH_RESTART, FAILOVER),
                  "FencedResource!NoLostUpdate",
                  "SingleRedisScenariosIT",
                  "The guard rejects a paused holder's stale token; it cannot help once tokens"
                      + " repeat after the counter was lost.")));
}
