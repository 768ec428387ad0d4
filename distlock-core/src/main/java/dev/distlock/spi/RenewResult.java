package dev.distlock.spi;

import dev.distlock.LockBackendException;

/** The outcome of one renewal. */
public sealed interface RenewResult {

  /** Renewed; valid for {@code validityNanos} from the moment before the request was sent. */
  record Renewed(long validityNanos) implements RenewResult {}

  /** The lock is gone or belongs to someone else: the lease is lost. */
  record NotOwner() implements RenewResult {}

  /** The backend could not be reached; the engine retries until the validity deadline. */
  record Unavailable(LockBackendException cause) implements RenewResult {}
}
