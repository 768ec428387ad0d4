package dev.distlock.model;

import dev.distlock.history.Op;

/**
 * A sequential specification that the linearizability checker checks a history against.
 *
 * <p>Models are pure: {@link #step} never mutates its arguments, and states are immutable, non-null
 * values with {@code equals}/{@code hashCode} (the checker caches visited states). The checker
 * splits histories by {@link Op#key()} itself; a model describes one key, starting from {@link
 * #init(String)} for that key.
 *
 * <p>{@link #step} is called with {@code ok} ops (the op happened and {@link Op#output()} is its
 * result) and {@code info} ops ({@link Op#isInfo()}: the op may have happened, its output is
 * unknown; return the state it leads to if it did take effect, or null if it cannot take effect in
 * this state). Failed ops are never passed: they did not happen. An info op never has to be
 * linearized, so a model need not describe "it did nothing".
 *
 * <p>Most models are easier to write as a {@link TypedModel}: its inputs and outputs are decoded
 * once, before the search, into types of the model's choosing, so {@code step} has no casts and bad
 * shapes are reported before the search starts. A model implementing only this interface sees raw
 * {@link Op}s.
 *
 * <p>Models used from the command line need a public no-argument constructor; list them in {@code
 * META-INF/services/dev.distlock.model.Model} to make them known by {@link #name()}.
 *
 * @param <S> the state type
 */
public interface Model<S> {

  /** The initial state (non-null) of a key whose {@link #init(String)} is not overridden. */
  S init();

  /**
   * The initial state (non-null) of {@code key} (null for ops without a key). The default is {@link
   * #init()}, the same for every key.
   */
  default S init(String key) {
    return init();
  }

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
   * An estimate of the bytes {@code state} holds that are not shared with other states, charged to
   * the checker's memory budget for every configuration the search caches. The default, {@link
   * Footprint#estimate(Object)}, walks strings, boxed numbers, lists, maps, arrays and records; a
   * model whose states share structure, or hold types it does not know, may say better.
   */
  default long stateBytes(S state) {
    return Footprint.estimate(state);
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

  /** The model's name, e.g. {@code cas-register}; the command line finds models by it. */
  default String name() {
    return getClass().getSimpleName();
  }
}
