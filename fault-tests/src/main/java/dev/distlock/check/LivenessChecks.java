package dev.distlock.check;

import dev.distlock.history.History;
import dev.distlock.history.Op;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Liveness checks of a continuous run, read off its lock history and what the clients and servers
 * reported at the end. Times are the history's (nanoseconds on the driving JVM's monotonic clock).
 */
public final class LivenessChecks {
  private LivenessChecks() {}

  /**
   * What the recovery check measured.
   *
   * @param finding the verdict
   * @param recoveryMillis the longest time from the final heal (or the client's first try after it,
   *     see {@link LivenessChecks#recovery}) until a client had acquired and released a lock name
   *     it used (over every client and name that did), or -1 if none did
   */
  public record Recovery(LivenessFinding finding, double recoveryMillis) {}

  /**
   * Recovery: after the final heal, within {@code boundNanos}, every client acquires and releases
   * every lock name it used during the run (an acquire invoked after the heal, ok, followed by an
   * ok release of the same name by the same client).
   *
   * <p>Each (client, name) pair is timed from the heal if the client was already waiting for that
   * name then (an acquire in flight across the heal), otherwise from its first acquire of that name
   * after the heal: the load goes on after the heal, and a client busy with other names (or with
   * the rest of its loop) until the recovery pass is idle on this one, not waiting for it. A lock
   * that stays unusable keeps every client that tries it waiting, and each of those is timed from
   * its first try.
   *
   * @param locks the lock history (keys are lock names)
   * @param finalHealNanos when the last fault was healed (or the run started, without faults)
   * @param boundNanos the bound stated for the lock
   * @return the finding and the measured recovery time
   */
  public static Recovery recovery(History locks, long finalHealNanos, long boundNanos) {
    Map<Long, Set<String>> used = new TreeMap<>();
    for (Op o : locks.ops()) {
      if (o.f().equals("acquire") && o.process() != 0) {
        used.computeIfAbsent(o.process(), p -> new TreeSet<>()).add(String.valueOf(o.key()));
      }
    }
    List<String> missing = new ArrayList<>();
    List<String> late = new ArrayList<>();
    long worst = -1;
    int pairs = 0;
    for (Map.Entry<Long, Set<String>> e : used.entrySet()) {
      for (String name : e.getValue()) {
        pairs++;
        long done = recoveredAt(locks, e.getKey(), name, finalHealNanos);
        if (done == Long.MAX_VALUE) {
          missing.add("p" + e.getKey() + "/" + name);
          continue;
        }
        long took = done - triedFrom(locks, e.getKey(), name, finalHealNanos);
        worst = Math.max(worst, took);
        if (took > boundNanos) {
          late.add("p" + e.getKey() + "/" + name + " after " + took / 1_000_000 + " ms");
        }
      }
    }
    boolean ok = missing.isEmpty() && late.isEmpty() && pairs > 0;
    String detail =
        ok
            ? pairs
                + " (client, lock) pairs recovered, the last "
                + worst / 1_000_000
                + " ms after the final heal or the client's first try after it (bound "
                + boundNanos / 1_000_000
                + " ms)"
            : (pairs == 0 ? "no client used any lock" : "")
                + (missing.isEmpty() ? "" : "never acquired and released again: " + missing + " ")
                + (late.isEmpty()
                    ? ""
                    : "later than the bound " + boundNanos / 1_000_000 + " ms: " + late);
    return new Recovery(
        new LivenessFinding(
            "recovery", ok ? PropertyVerdict.HOLDS : PropertyVerdict.VIOLATED, detail.trim()),
        worst < 0 ? -1 : worst / 1e6);
  }

  /** When the client started to want {@code name} after the heal (see {@link #recovery}). */
  private static long triedFrom(History locks, long process, String name, long heal) {
    for (Op o : locks.ops()) {
      if (o.process() != process
          || !o.f().equals("acquire")
          || !Objects.equals(String.valueOf(o.key()), name)) {
        continue;
      }
      if (o.invokeTime() < heal && o.completeTime() > heal) {
        return heal;
      }
      if (o.invokeTime() >= heal) {
        return o.invokeTime();
      }
    }
    return heal;
  }

  private static long recoveredAt(History locks, long process, String name, long after) {
    boolean acquired = false;
    for (Op o : locks.ops()) {
      if (o.process() != process || !Objects.equals(String.valueOf(o.key()), name)) {
        continue;
      }
      if (o.f().equals("acquire") && o.isOk() && o.invokeTime() >= after) {
        acquired = true;
      } else if (acquired && o.f().equals("release") && o.isOk()) {
        return o.completeTime();
      }
    }
    return Long.MAX_VALUE;
  }

  /**
   * Token sanity: every token handed out is positive. (That tokens of completed acquisitions grow
   * in real-time order, per lock name, over the whole history is the token-order check.)
   *
   * @param locks the lock history
   * @return the finding
   */
  public static LivenessFinding tokenSanity(History locks) {
    int n = 0;
    for (Op o : locks.ops()) {
      if (o.f().equals("acquire") && o.isOk()) {
        n++;
        long t = ((Number) o.output()).longValue();
        if (t <= 0) {
          return new LivenessFinding(
              "token-sanity",
              PropertyVerdict.VIOLATED,
              "p" + o.process() + " got token " + t + " for " + o.key());
        }
      }
    }
    return new LivenessFinding(
        "token-sanity", PropertyVerdict.HOLDS, n + " tokens handed out, all positive");
  }

  /**
   * No leaks: after every client closed its lock client, no lock entry is left on a lock server
   * (fence and arrival counters excepted), and each client JVM is back to its baseline threads with
   * no connection to a lock server.
   *
   * @param leftovers lock keys or znodes still present, by server (empty lists when clean)
   * @param closeReplies each client's reply to {@code close-client} ({@code threads=N baseline=B
   *     connections=C leaked=NAMES}), or null when it did not answer
   * @return the finding
   */
  public static LivenessFinding leaks(
      Map<String, List<String>> leftovers, Map<Integer, String> closeReplies) {
    List<String> problems = new ArrayList<>();
    leftovers.forEach(
        (server, keys) -> {
          if (!keys.isEmpty()) {
            problems.add(server + " still has " + keys);
          }
        });
    closeReplies.forEach(
        (client, reply) -> {
          if (reply == null) {
            problems.add("client-" + client + " did not report after closing");
            return;
          }
          Map<String, String> kv = keyValues(reply);
          String leaked = kv.getOrDefault("leaked", "");
          if (!leaked.isEmpty()) {
            problems.add(
                "client-"
                    + client
                    + " has "
                    + kv.get("threads")
                    + " threads, baseline "
                    + kv.get("baseline")
                    + ", left over: "
                    + leaked);
          }
          String conns = kv.getOrDefault("connections", "0");
          if (!conns.equals("0") && !conns.equals("-1")) {
            problems.add("client-" + client + " has " + conns + " connections to lock servers");
          }
        });
    return problems.isEmpty()
        ? new LivenessFinding(
            "no-leaks",
            PropertyVerdict.HOLDS,
            leftovers.size()
                + " servers without lock entries, "
                + closeReplies.size()
                + " clients back to their baseline threads and connections")
        : new LivenessFinding("no-leaks", PropertyVerdict.VIOLATED, String.join("; ", problems));
  }

  /**
   * Adds the numbers of a {@code k=N k=N} reply into {@code sums}.
   *
   * @param reply the reply
   * @param sums sums by key, updated
   */
  public static void keyValuesInto(String reply, Map<String, Integer> sums) {
    keyValues(reply).forEach((k, v) -> sums.merge(k, Integer.parseInt(v), Integer::sum));
  }

  /** Parses {@code k=v k=v} (values without spaces). */
  static Map<String, String> keyValues(String reply) {
    Map<String, String> m = new TreeMap<>();
    for (String w : reply.trim().split("\\s+")) {
      int eq = w.indexOf('=');
      if (eq > 0) {
        m.put(w.substring(0, eq), w.substring(eq + 1));
      }
    }
    return m;
  }

  /**
   * Merges liveness findings: a violation wins, then unknown.
   *
   * @param findings the findings
   * @return the verdict, HOLDS for none
   */
  public static PropertyVerdict verdict(List<LivenessFinding> findings) {
    PropertyVerdict v = PropertyVerdict.HOLDS;
    for (LivenessFinding f : findings) {
      v = v.and(f.verdict());
    }
    return v;
  }
}
