package dev.distlock.checker;

import dev.distlock.history.Op;
import java.util.List;

/**
 * Why a partition is not linearizable: the longest linearizable prefix the search found, and the
 * operation that could not be linearized after it (its response came before it could take effect in
 * any order the search tried from there).
 *
 * @param linearized the longest partial linearization, in order
 * @param statesAfter the model state (described) after each op of {@code linearized}
 * @param blocking the op that could not be linearized
 * @param stateAtFailure the model state (described) after {@code linearized}
 */
public record Failure(
    List<Op> linearized, List<String> statesAfter, Op blocking, String stateAtFailure) {

  /** One line for people: the op, the state it could not follow, the prefix length. */
  @Override
  public String toString() {
    return blocking.describe()
        + " (index "
        + blocking.invokeIndex()
        + ") cannot follow state "
        + stateAtFailure
        + " after "
        + linearized.size()
        + " linearized ops";
  }
}
