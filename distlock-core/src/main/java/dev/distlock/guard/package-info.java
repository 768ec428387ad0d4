/**
 * The fencing-token resource guard: a {@link dev.distlock.guard.FencedResource} applies an access
 * only if its token is at least the highest token it has seen, and records the token on every
 * access, so a holder that was overtaken (paused past its lease, or let in by a broken lock) cannot
 * change anything. {@link dev.distlock.guard.Inventory} is the overselling example built on it.
 */
package dev.distlock.guard;
