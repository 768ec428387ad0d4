/**
 * Distributed locks with fencing tokens.
 *
 * <p>The public surface is small: a {@link dev.distlock.LockClient} hands out {@link
 * dev.distlock.DistributedLock}s by name; acquiring one yields a {@link dev.distlock.Lease}
 * carrying a fencing token and a conservative, monotonic-clock validity deadline. Every lock type
 * states what it guarantees, and under which faults it breaks, in {@link dev.distlock.Guarantees}.
 *
 * <p>Backends live in their own packages ({@code dev.distlock.redis}, {@code
 * dev.distlock.zookeeper}); extension points in {@code dev.distlock.spi}; everything else in {@code
 * dev.distlock.internal} is not API.
 */
package dev.distlock;
