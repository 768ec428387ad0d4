package dev.distlock.zookeeper;

import dev.distlock.Fault;
import dev.distlock.Guarantee;
import dev.distlock.Guarantees;
import dev.distlock.SafetyProperty;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** What the ZooKeeper lock promises, with the TLA+ property and fault test that check it. */
final class ZooKeeperGuarantees {
  private ZooKeeperGuarantees() {}

  static final Guarantees LOCK =
      new Guarantees(
          "zookeeper",
          List.of(
              new Guarantee(
                  SafetyProperty.MUTUAL_EXCLUSION,
                  EnumSet.of(Fault.CLIENT_PAUSE),
                  "ZooKeeperLock!MutualExclusion",
                  "ZooKeeperTargetedIT",
                  "The ensemble deletes a holder's node when its session expires; a holder"
                      + " paused longer than the session timeout still believes it holds the lock"
                      + " when it wakes, before it hears of the expiry. Session expiry runs on the"
                      + " servers' monotonic clocks, so clock jumps do not matter, and the"
                      + " ensemble's log survives a minority's crash-restart."),
              new Guarantee(
                  SafetyProperty.TOKEN_MONOTONIC,
                  Set.of(),
                  "ZooKeeperLock!TokenMonotonic",
                  "ZooKeeperTargetedIT",
                  "The token is the czxid of the holder's node: the 64-bit zxid of the"
                      + " transaction that created it, growing across the whole ensemble. (The"
                      + " sequence suffix is 32-bit, wraps, and restarts when the parent is"
                      + " deleted.)"),
              new Guarantee(
                  SafetyProperty.RESOURCE_SAFETY,
                  Set.of(),
                  "FencedResource!NoLostUpdate",
                  "ZooKeeperTargetedIT",
                  "A paused holder's token is smaller than its successor's, so the guard rejects"
                      + " it.")));
}
