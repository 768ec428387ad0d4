/**
 * Redis locks on Jedis: {@link dev.distlock.redis.RedisLocks#single single node}, with Redlock and
 * the dual-write group built on the same per-node operations ({@code RedisNodeClient}).
 */
package dev.distlock.redis;
