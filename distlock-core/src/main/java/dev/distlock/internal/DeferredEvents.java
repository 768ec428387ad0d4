package dev.distlock.internal;

import dev.distlock.Lease.LossReason;
import dev.distlock.spi.LeaseEvents;

/**
 * {@link LeaseEvents} handed to a backend before the lease exists; events that arrive before {@link
 * #bind} are applied when it is called, so a session lost during the acquire is not missed.
 */
final class DeferredEvents implements LeaseEvents {
  private ManagedLease lease;
  private boolean suspended;
  private LossReason lost;

  synchronized void bind(ManagedLease lease) {
    this.lease = lease;
    if (lost != null) {
      lease.markLost(lost);
    } else if (suspended) {
      lease.suspend();
    }
  }

  @Override
  public synchronized void suspended() {
    suspended = true;
    if (lease != null) {
      lease.suspend();
    }
  }

  @Override
  public synchronized void resumed() {
    suspended = false;
    if (lease != null) {
      lease.resume();
    }
  }

  @Override
  public void lost(LossReason reason) {
    ManagedLease l;
    synchronized (this) {
      lost = reason;
      l = lease;
    }
    if (l != null) {
      l.markLost(reason); // outside the monitor: listeners run here
    }
  }
}
