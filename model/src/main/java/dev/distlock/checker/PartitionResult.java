package dev.distlock.checker;

/**
 * The result for one key.
 *
 * @param key the key (null for ops without a key)
 * @param verdict valid, invalid or unknown
 * @param ops the number of ops checked (ok and info; failed ops are ignored)
 * @param reason for unknown: {@code timeout}, {@code memory} or {@code cancelled}; else null
 * @param failure for invalid: the partial linearization and the op that could not follow it
 * @param configurations the number of (linearized set, state) configurations cached
 */
public record PartitionResult(
    String key, Verdict verdict, int ops, String reason, Failure failure, long configurations) {}
