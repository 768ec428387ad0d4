/**
 * Extension points: a {@link dev.distlock.spi.LockBackend} is the two-or-three-call strategy a
 * backend implements (try once, renew, release); the shared engine in {@code dev.distlock.internal}
 * does the waiting, renewal, loss detection and reentrancy for all of them.
 */
package dev.distlock.spi;
