package dev.distlock.check;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The stuck-lease check: every lease must end valid-and-released or lost. Fed with the clients'
 * {@code probe-leases} replies over the run (the client's own view of its leases), it flags a lease
 * that stays neither valid nor lost — held or suspended with its validity run out — for longer than
 * the bound: seen so at two probes at least {@code bound} apart. A single sighting is not enough: a
 * client thawed after a pause sees its deadline long passed until its watchdog catches up. Not
 * thread-safe.
 */
public final class LeaseWatch {
  private final long boundNanos;
  private final Map<String, Long> firstInvalid = new HashMap<>();
  private final List<String> stuck = new ArrayList<>();
  private int probes;
  private long worstReleased;
  private long worstLost;

  /**
   * Creates a watch.
   *
   * @param boundNanos how long a lease may stay neither valid nor lost
   */
  public LeaseWatch(long boundNanos) {
    this.boundNanos = boundNanos;
  }

  /**
   * Takes in one probe reply.
   *
   * @param client the client that answered
   * @param nowNanos when the reply came (driving JVM's monotonic clock)
   * @param reply {@code released=R lost=L open=NAME/TOKEN/STATE/REMAINING_MS/closed|held,...}
   */
  public void observe(int client, long nowNanos, String reply) {
    probes++;
    Map<String, String> kv = LivenessChecks.keyValues(reply);
    worstReleased = Math.max(worstReleased, parse(kv.get("released")));
    worstLost = Math.max(worstLost, parse(kv.get("lost")));
    String open = kv.getOrDefault("open", "");
    Map<String, Boolean> seen = new HashMap<>();
    for (String lease : open.isEmpty() ? new String[0] : open.split(",")) {
      String[] f = lease.split("/");
      if (f.length < 5) {
        continue;
      }
      String id = "client-" + client + " " + f[0] + " token " + f[1];
      long remaining = Long.parseLong(f[3]);
      boolean invalid = remaining <= 0 || f[2].equals("SUSPENDED");
      if (!invalid) {
        firstInvalid.remove(id);
        continue;
      }
      seen.put(id, true);
      Long since = firstInvalid.putIfAbsent(id, nowNanos);
      if (since != null && nowNanos - since > boundNanos && !stuck.contains(id)) {
        stuck.add(id + " (" + f[2] + ", " + f[4] + ", " + (nowNanos - since) / 1_000_000 + " ms)");
      }
    }
    // Leases of this client no longer open have ended: forget them.
    firstInvalid
        .keySet()
        .removeIf(k -> k.startsWith("client-" + client + " ") && !seen.containsKey(k));
  }

  private static long parse(String v) {
    try {
      return v == null ? 0 : Long.parseLong(v);
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  /**
   * Returns the finding.
   *
   * @return VIOLATED if a lease stayed neither valid nor lost past the bound
   */
  public LivenessFinding finding() {
    if (!stuck.isEmpty()) {
      return new LivenessFinding(
          "no-stuck-lease",
          PropertyVerdict.VIOLATED,
          "neither valid nor lost for more than "
              + boundNanos / 1_000_000
              + " ms: "
              + String.join("; ", stuck));
    }
    return new LivenessFinding(
        "no-stuck-lease",
        probes == 0 ? PropertyVerdict.UNKNOWN : PropertyVerdict.HOLDS,
        probes
            + " lease probes; every lease valid, released or lost within "
            + boundNanos / 1_000_000
            + " ms (a client saw up to "
            + worstReleased
            + " released, "
            + worstLost
            + " lost)");
  }
}
