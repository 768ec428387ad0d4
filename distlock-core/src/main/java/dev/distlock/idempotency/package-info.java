/**
 * Idempotent requests: {@link dev.distlock.idempotency.IdempotencyGuard} gives duplicate
 * submissions of a request one effect, with a per-request claim fence so that a late original
 * cannot apply its effect a second time after a retry took over.
 */
package dev.distlock.idempotency;
