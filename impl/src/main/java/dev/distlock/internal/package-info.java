/**
 * The engine shared by every backend: the acquire loop, the watchdog, leases, reentrancy and the
 * {@code java.util.concurrent.locks.Lock} adapter. Public only so backend packages can use it; not
 * API, may change without notice.
 */
package dev.distlock.internal;
