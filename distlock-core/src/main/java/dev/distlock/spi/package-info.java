/**
 * Extension points: a {@link dev.distlock.spi.LockBackend} is the two-or-three-call strategy a
 * backend implements (try once, renew, release); the shared engine in {@code dev.distlock.internal}
 * does the waiting, renewal, loss detection and reentrancy for all of them. {@link
 * dev.distlock.spi.LockClients} turns a backend into a client; {@link dev.distlock.spi.Drift} and
 * {@link dev.distlock.spi.OwnerIds} are the validity allowance and owner values every backend uses.
 * The SPI is sufficient on its own: no backend in distlock uses anything else.
 */
package dev.distlock.spi;
