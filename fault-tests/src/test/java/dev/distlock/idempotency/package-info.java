/**
 * Idempotent requests on real Redis under faults: each effect once, every duplicate answered right.
 */
package dev.distlock.idempotency;
