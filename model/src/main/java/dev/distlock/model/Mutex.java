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
public final class Mutex implements Model<Object> {
  static final Object FREE =
      new Object() {
        @Override
        public String toString() {
          return "free";
        }
      };

  @Override
  public String name() {
    return "mutex";
  }

  @Override
  public Object init() {
    return FREE;
  }

  @Override
  public Object step(Object state, Op op) {
    Long p = op.process();
    switch (op.f()) {
      case "acquire":
        return state == FREE || state.equals(p) ? p : null;
      case "release":
        return state.equals(p) ? FREE : null;
      default:
        throw new IllegalArgumentException("mutex has no operation \"" + op.f() + "\"");
    }
  }

  @Override
  public void validate(Op op) {
    if (!op.f().equals("acquire") && !op.f().equals("release")) {
      throw new IllegalArgumentException(
          "mutex has no operation \"" + op.f() + "\" (acquire, release)");
    }
  }

  @Override
  public String describeOperation(Op op) {
    return "p" + op.process() + " " + op.f() + (op.isInfo() ? " ?" : op.isFail() ? " fail" : "");
  }

  @Override
  public String describeState(Object state) {
    return state == FREE ? "free" : "held by p" + state;
  }
}
