package dev.distlock.model;

import dev.distlock.history.Op;

/**
 * A sequential specification that the linearizability checker checks a history against.
 *
 * <p>Models are pure: {@link #step} never mutates its arguments, and states are immutable, non-null
 * values with {@code equals}/{@code hashCode} (the checker caches visited states). The checker
 * splits histories by {@link Op#key()} itself; a model describes one key.
 *
 * <p>{@link #step} is called with {@code ok} ops (the op happened and {@link Op#output()} is its
 * result) and {@code info} ops ({@link Op#isInfo()}: the op may have happened, its output is
 * unknown; return the state it leads to if it did take effect, or null if it cannot take effect in
 * this state). Failed ops are never passed: they did not happen. An info op never has to be
 * linearized, so a model need not describe "it did nothing".
 *
 * <p>A whole model, for a register with {@code write v} and {@code read -> v}:
 *
 * <pre>{@code
 * public final class Register implements Model<Register.S> {
 *   public record S(Object value) {}
 *   public S init() { return new S(null); }
 *   public S step(S s, Op op) {
 *     switch (op.f()) {
 *       case "write": return new S(op.input());
 *       case "read":
 *         return op.isInfo() || Objects.equals(op.output(), s.value()) ? s : null;
 *       default: throw new IllegalArgumentException("unknown f " + op.f());
 *     }
 *   }
 * }
 * }</pre>
 *
 * @param <S> the state type
 */
public interface Model<S> {

  /** The initial state (non-null). */
  S init();

  /**
   * The state after {@code op} in {@code state}, or null if {@code op} (with its output, when it is
   * ok) is not legal in {@code state}.
   *
   * @throws IllegalArgumentException if the op has a shape this model does not know
   */
  S step(S state, Op op);

  /**
   * Checks an op's shape before the search (unknown {@code f}, wrong value types); throws {@link
   * IllegalArgumentException} with a message naming the problem. The default accepts everything.
   */
  default void validate(Op op) {}

  /** Short text for an op, for timelines and verdicts. */
  default String describeOperation(Op op) {
    return op.describe();
  }

  /** Short text for a state, for timelines and verdicts. */
  default String describeState(S state) {
    return String.valueOf(state);
  }

  /**
   * Whether {@link #step} looks at {@link Op#process()}. The default, true, is always safe; a model
   * whose ops mean the same whoever performs them may return false, which lets the checker treat
   * identical indeterminate ops of different processes as interchangeable (much faster on histories
   * with many crashed ops).
   */
  default boolean dependsOnProcess() {
    return true;
  }

  /** The model's name, e.g. {@code cas-register}. */
  default String name() {
    return getClass().getSimpleName();
  }
}
