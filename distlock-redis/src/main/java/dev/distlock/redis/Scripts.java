package dev.distlock.redis;

/**
 * The Lua scripts. Each runs atomically on one node, so check-and-act never races. Keys: the lock
 * key holds the owner id with a PX expiry; the fence key holds the per-lock token counter and never
 * expires (a token must never repeat while the node keeps its data).
 */
final class Scripts {
  private Scripts() {}

  /**
   * KEYS[1] lock, KEYS[2] fence; ARGV[1] owner, ARGV[2] ttl ms. Returns {1, token} if taken, {0,
   * pttl of the holder} if not.
   */
  static final String ACQUIRE =
      """
      if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
        return {1, redis.call('incr', KEYS[2])}
      end
      return {0, redis.call('pttl', KEYS[1])}
      """;

  /**
   * Redlock's acquire with the quorum token. KEYS[1] lock, KEYS[2] fence; ARGV[1] owner, ARGV[2]
   * ttl ms, ARGV[3] proposed token. Takes the lock only if it is free (or already this owner's,
   * from the first round) AND the node's counter is below the proposal, and then sets the counter
   * to the proposal. Returns {1, proposed} if taken, {0, pttl} if held by another, {2, counter} if
   * the proposal is stale (a later holder already raised the counter: taking the lock with it would
   * hand out a token smaller than that holder's).
   */
  static final String ACQUIRE_PROPOSED =
      """
      local holder = redis.call('get', KEYS[1])
      if holder and holder ~= ARGV[1] then
        return {0, redis.call('pttl', KEYS[1])}
      end
      local current = tonumber(redis.call('get', KEYS[2]) or '0')
      if current >= tonumber(ARGV[3]) then
        return {2, current}
      end
      redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
      redis.call('set', KEYS[2], ARGV[3])
      return {1, tonumber(ARGV[3])}
      """;

  /** KEYS[1] lock; ARGV[1] owner, ARGV[2] ttl ms. Returns 1 if still ours and extended, else 0. */
  static final String RENEW =
      """
      if redis.call('get', KEYS[1]) == ARGV[1] then
        return redis.call('pexpire', KEYS[1], ARGV[2])
      end
      return 0
      """;

  /**
   * KEYS[1] lock; ARGV[1] owner, ARGV[2] channel, ARGV[3] lock name. Deletes only if ours, then
   * wakes waiters. Returns 1 if deleted, else 0.
   */
  static final String RELEASE =
      """
      if redis.call('get', KEYS[1]) == ARGV[1] then
        redis.call('del', KEYS[1])
        redis.call('publish', ARGV[2], ARGV[3])
        return 1
      end
      return 0
      """;
}
