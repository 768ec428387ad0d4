package dev.distlock.matrix;

import dev.distlock.SafetyProperty;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.testbed.TestedLocks;

/**
 * The expectation of a plugged-in peer's cell. A peer that implements the algorithm of distlock's
 * lock on the same deployment ({@link TestedLockFactory#model()}) is expected what that lock's TLA+
 * spec predicts: the same verdict and configuration for mutual exclusion and the resource; token
 * order likewise when the peer has fencing tokens, and violated when it has none (it hands out no
 * order, reported as token 0 for every acquisition). An unmodelled peer is expected to keep its own
 * claim, mutual exclusion, everywhere: any violation it shows is a finding, reported as
 * disagreeing.
 */
final class PeerExpectations {
  /** The "configuration" of a token cell of a peer without tokens. */
  static final String NO_TOKEN = "no fencing token";

  /** The "configuration" of an unmodelled peer's cells. */
  static final String UNMODELLED = "unmodelled (the lock's own claim)";

  private PeerExpectations() {}

  static Expectation of(Expectations table, Row row, Column column, SafetyProperty property) {
    TestedLockFactory f = TestedLocks.named(row.peer());
    if (property == SafetyProperty.TOKEN_MONOTONIC && !f.fencing()) {
      return new Expectation(row.kind(), row.guarded(), column, property, true, NO_TOKEN);
    }
    if (f.model().equals(TestedLockFactory.UNMODELLED)) {
      return new Expectation(row.kind(), row.guarded(), column, property, false, UNMODELLED);
    }
    Expectation e = table.of(new Row(row.kind(), row.guarded()), column, property);
    return new Expectation(row.kind(), row.guarded(), column, property, e.violated(), e.tla());
  }
}
