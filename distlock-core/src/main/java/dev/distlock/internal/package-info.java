/**
 * The engine shared by every backend: the acquire loop, the watchdog, leases, reentrancy and the
 * {@code java.util.concurrent.locks.Lock} adapter. Package-private except {@link
 * dev.distlock.internal.BackendLockClient}, which {@link dev.distlock.spi.LockClients} reaches; not
 * API, may change without notice.
 */
package dev.distlock.internal;
