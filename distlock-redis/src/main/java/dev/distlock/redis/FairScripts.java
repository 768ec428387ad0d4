package dev.distlock.redis;

/**
 * The fair queue lock's Lua scripts. Keys of lock {@code n} (all in hash slot {@code {n}}): the
 * lock key and fence counter of the single-node lock, plus {@code :queue} (sorted set: waiter →
 * arrival number), {@code :beats} (sorted set: waiter → heartbeat deadline in server milliseconds)
 * and {@code :seq} (the arrival counter). Every script first evicts the waiters whose heartbeat
 * deadline has passed, so a dead waiter cannot block the queue for longer than its timeout plus the
 * next live waiter's poll.
 */
final class FairScripts {
  private FairScripts() {}

  private static final String EVICT =
      """
      local t = redis.call('time')
      local now = tonumber(t[1]) * 1000 + math.floor(tonumber(t[2]) / 1000)
      local dead = redis.call('zrangebyscore', KEYS[4], '-inf', now)
      for _, w in ipairs(dead) do
        redis.call('zrem', KEYS[3], w)
      end
      if #dead > 0 then
        redis.call('zremrangebyscore', KEYS[4], '-inf', now)
      end
      """;

  /**
   * KEYS[1] lock, KEYS[2] fence, KEYS[3] queue, KEYS[4] beats, KEYS[5] seq; ARGV[1] waiter, ARGV[2]
   * ttl ms, ARGV[3] waiter timeout ms. Enqueues the waiter by arrival (ZADD NX) unless queued,
   * refreshes its heartbeat, and takes the lock if it is the head and the lock is free. Returns {1,
   * token, -1} if taken, {2, token, pttl} if the waiter already holds it (an earlier poll took it
   * and its reply was lost), {0, pttl of the holder, rank in the queue, arrival} if not.
   */
  static final String POLL =
      EVICT
          + """
          if redis.call('get', KEYS[1]) == ARGV[1] then
            return {2, tonumber(redis.call('get', KEYS[2])), redis.call('pttl', KEYS[1])}
          end
          local seq = redis.call('zscore', KEYS[3], ARGV[1])
          if seq then
            seq = tonumber(seq)
          else
            seq = redis.call('incr', KEYS[5])
            redis.call('zadd', KEYS[3], 'NX', seq, ARGV[1])
          end
          local timeout = tonumber(ARGV[3])
          redis.call('zadd', KEYS[4], now + timeout, ARGV[1])
          -- Unpolled queues vanish: everyone in them would have been evicted by then.
          redis.call('pexpire', KEYS[3], 2 * timeout)
          redis.call('pexpire', KEYS[4], 2 * timeout)
          local head = redis.call('zrange', KEYS[3], 0, 0)[1]
          if head == ARGV[1] and redis.call('exists', KEYS[1]) == 0 then
            redis.call('set', KEYS[1], ARGV[1], 'PX', ARGV[2])
            redis.call('zrem', KEYS[3], ARGV[1])
            redis.call('zrem', KEYS[4], ARGV[1])
            return {1, redis.call('incr', KEYS[2]), -1}
          end
          return {0, redis.call('pttl', KEYS[1]), redis.call('zrank', KEYS[3], ARGV[1]), seq}
          """;

  /**
   * KEYS[1] lock, KEYS[2] fence (unused), KEYS[3] queue, KEYS[4] beats; ARGV[1] waiter or holder,
   * ARGV[2] channel, ARGV[3] message. Leaves the queue, and deletes the lock if it is ours. When
   * either changed who may go next, wakes the waiters. Returns 1 if the lock was deleted.
   */
  static final String LEAVE =
      EVICT
          + """
          local was_head = redis.call('zrange', KEYS[3], 0, 0)[1] == ARGV[1]
          redis.call('zrem', KEYS[3], ARGV[1])
          redis.call('zrem', KEYS[4], ARGV[1])
          local released = 0
          if redis.call('get', KEYS[1]) == ARGV[1] then
            redis.call('del', KEYS[1])
            released = 1
          end
          if released == 1 or (was_head and redis.call('zcard', KEYS[3]) > 0) then
            redis.call('publish', ARGV[2], ARGV[3])
          end
          return released
          """;
}
