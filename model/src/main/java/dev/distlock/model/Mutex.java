package dev.distlock.model;

import dev.distlock.history.Op;

/**
 * {@code mutex}: an owner-aware lock. The op's {@link Op#process() process} is the owner.
 *
 * <table>
 *   <caption>operations</caption>
 *   <tr><th>f</th><th>invoke value</th><th>ok means</th></tr>
 *   <tr><td>{@code acquire}</td><td>ignored</td><td>the process holds the lock (ok value
 *       ignored, so a fenced history can be checked here too). Legal when the lock is free, or
 *       already held by the same process (a re-acquire changes nothing)</td></tr>
 *   <tr><td>{@code release}</td><td>ignored</td><td>the process released the lock; legal only
 *       when it held it</td></tr>
 * </table>
 *
 * {@code fail} means it did not happen (e.g. the lock was busy, or a release found the lock no
 * longer ours): such ops are ignored. State: the holder, or free.
 */
public final class Mutex implements TypedModel<Object, Mutex.Action, Void> {
  static final Object FREE =
      new Object() {
        @Override
        public String toString() {
          return "free";
        }
      };

  /** The two operations. */
  public enum Action {
    /** {@code acquire}. */
    ACQUIRE,
    /** {@code release}. */
    RELEASE
  }

  @Override
  public String name() {
    return "mutex";
  }

  @Override
  public Object init() {
    return FREE;
  }

  @Override
  public Action input(Op op) {
    return action(op, "mutex");
  }

  static Action action(Op op, String model) {
    switch (op.f()) {
      case "acquire":
        return Action.ACQUIRE;
      case "release":
        return Action.RELEASE;
      default:
        throw new IllegalArgumentException(
            model + " has no operation \"" + op.f() + "\" (acquire, release)");
    }
  }

  @Override
  public Void output(Op op, Action in) {
    return null;
  }

  @Override
  public Object step(Object state, Call<Action, Void> c) {
    Long p = c.process();
    if (c.input() == Action.ACQUIRE) {
      return state == FREE || state.equals(p) ? p : null;
    }
    return state.equals(p) ? FREE : null;
  }

  @Override
  public String describe(Call<Action, Void> c) {
    Op op = c.op();
    return "p" + op.process() + " " + op.f() + (op.isInfo() ? " ?" : op.isFail() ? " fail" : "");
  }

  @Override
  public String describeState(Object state) {
    return state == FREE ? "free" : "held by p" + state;
  }
}
