package dev.distlock.bench.locks;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Notification traffic of one run, from the servers' {@code INFO commandstats} taken before and
 * after it (commands a Lua script calls are counted too), per acquire+release cycle. The cycles are
 * counted by the trial itself (warm-up included, like the commands): each benchmark thread adds its
 * count to {@link #CYCLES_KEY} on the first server when it finishes. {@code SUBSCRIBE}s count how
 * often a client started listening for a release (a waiter, or a client listening all the time),
 * {@code PUBLISH}es how often a release announced itself (to the subscribers of its channel,
 * possibly none).
 */
record PubSubCounters(long cycles, long publishes, long subscribes, long unsubscribes) {
  /** Where trials leave their cycle count; the runner flushes the servers before each trial. */
  static final String CYCLES_KEY = "bench:cycles";

  /**
   * Adds a finished benchmark thread's {@code cycles} to {@link #CYCLES_KEY} on {@code server}.
   * Best effort: a trial run on its own may have stopped its server already, and nobody reads it.
   */
  static void addCycles(HostAndPort server, long cycles) {
    try (Jedis j = new Jedis(server)) {
      j.incrBy(CYCLES_KEY, cycles);
    } catch (RuntimeException e) {
      // the figure is only for RatioTable, whose servers outlive the trial
    }
  }

  /** The command call counts summed over {@code servers}. */
  static Map<String, Long> snapshot(List<HostAndPort> servers) {
    Map<String, Long> sum = new HashMap<>();
    for (HostAndPort s : servers) {
      try (Jedis j = new Jedis(s)) {
        for (String line : j.info("commandstats").split("\r?\n")) {
          // cmdstat_publish:calls=12,usec=...
          int colon = line.indexOf(':');
          if (!line.startsWith("cmdstat_") || colon < 0 || !line.startsWith("calls=", colon + 1)) {
            continue;
          }
          int comma = line.indexOf(',', colon);
          long calls = Long.parseLong(line.substring(colon + 7, comma < 0 ? line.length() : comma));
          sum.merge(line.substring(8, colon), calls, Long::sum);
        }
      }
    }
    return sum;
  }

  /** What happened between two snapshots, over the cycles the trial left on {@code first}. */
  static PubSubCounters between(
      Map<String, Long> before, Map<String, Long> after, HostAndPort first) {
    long cycles;
    try (Jedis j = new Jedis(first)) {
      String n = j.get(CYCLES_KEY);
      cycles = n == null ? 0 : Long.parseLong(n);
    }
    return new PubSubCounters(
        cycles,
        delta(before, after, "publish") + delta(before, after, "spublish"),
        delta(before, after, "subscribe") + delta(before, after, "ssubscribe"),
        delta(before, after, "unsubscribe") + delta(before, after, "sunsubscribe"));
  }

  private static long delta(Map<String, Long> before, Map<String, Long> after, String cmd) {
    return after.getOrDefault(cmd, 0L) - before.getOrDefault(cmd, 0L);
  }

  /** {@code count} per 1000 cycles, or NaN if the trial reported no cycles. */
  double perThousand(long count) {
    return cycles == 0 ? Double.NaN : count * 1000.0 / cycles;
  }

  /** "publish/subscribe per 1k cycles", e.g. {@code 1000/0.4}. */
  String summary() {
    return String.format("%.0f/%.1f", perThousand(publishes), perThousand(subscribes));
  }
}
