/**
 * Adapters of popular lock libraries ("peers") to the test bed's plug-in ({@link
 * dev.distlock.testbed.TestedLockFactory}), so that they run under the same nemeses, checks and
 * report as distlock's own locks: Redisson's {@code RLock}, {@code RFencedLock} and {@code
 * RedissonRedLock}, Curator's {@code InterProcessMutex}, Spring Integration's {@code
 * RedisLockRegistry} and ShedLock's Redis provider. Each adapter maps the deployment's TTL and
 * timeouts onto the library's settings and otherwise keeps the library's defaults; it adds no
 * retries, renewals or checks of its own.
 */
package dev.distlock.peers;
