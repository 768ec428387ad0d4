/**
 * Redis locks on Jedis: {@link dev.distlock.redis.RedisLocks#single single node}, {@link
 * dev.distlock.redis.RedisLocks#redlock Redlock} over independent masters with a quorum fencing
 * token, and the {@link dev.distlock.redis.RedisLocks#dualWrite dual-write group}, all built on the
 * same per-node operations ({@code RedisNodeClient}) and parallel fan-out ({@code Fanout}).
 */
package dev.distlock.redis;
