package dev.distlock.checker;

/**
 * The result for one key.
 *
 * @param key the key (null for ops without a key)
 * @param verdict valid, invalid or unknown
 * @param ops the number of ops checked (ok and info; failed ops are ignored)
 * @param reason for unknown, why it was not decided: {@code timeout} (deadline), {@code cancelled}
 *     (cancel handle or interrupt), {@code stopped} (another key was invalid first), {@code
 *     not-started} (the check stopped before this key's turn), {@code memory-budget} (the checker's
 *     memory budget ran out) or {@code heap} (the JVM heap ran out); else null
 * @param failure for invalid: the partial linearization and the op that could not follow it
 * @param configurations the number of (linearized set, state) configurations cached
 */
public record PartitionResult(
    String key, Verdict verdict, int ops, String reason, Failure failure, long configurations) {

  /** Whether the key's search started (false only for reason {@code not-started}). */
  public boolean started() {
    return !"not-started".equals(reason);
  }

  /** One line for people, e.g. {@code key "r1": invalid (12 ops): p4 read -> 7 …}. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder();
    sb.append(key == null ? "(no key)" : "key \"" + key + "\"").append(": ");
    sb.append(verdict.name().toLowerCase(java.util.Locale.ROOT));
    sb.append(" (").append(ops).append(" ops");
    if (reason != null) {
      sb.append(", ").append(reason);
    }
    sb.append(')');
    if (failure != null) {
      sb.append(": ").append(failure);
    }
    return sb.toString();
  }
}
