package dev.distlock.spi;

import dev.distlock.Lease;

/**
 * How a backend reports what happens to a lease after it was acquired (session-based backends;
 * TTL-based backends report through {@link RenewResult}). Calls before the lease exists are kept
 * and applied when it does.
 */
public interface LeaseEvents {

  /** The connection is in doubt: the lease is not valid until {@link #resumed()}. */
  void suspended();

  /** The connection came back with the session intact. */
  void resumed();

  /** The lease is gone for good. */
  void lost(Lease.LossReason reason);
}
