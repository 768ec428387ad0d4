package dev.distlock.model;

import dev.distlock.history.Op;
import dev.distlock.history.Values;

/**
 * {@code fenced-mutex}: a {@link Mutex} whose acquisitions hand out fencing tokens.
 *
 * <table>
 *   <caption>operations</caption>
 *   <tr><th>f</th><th>invoke value</th><th>ok value</th></tr>
 *   <tr><td>{@code acquire}</td><td>ignored</td><td>the token (integer)</td></tr>
 *   <tr><td>{@code release}</td><td>ignored</td><td>ignored</td></tr>
 * </table>
 *
 * Rules: mutual exclusion as in {@link Mutex}; a new acquisition (the lock was free) must return a
 * token greater than every earlier acquisition's token; a re-acquire by the current holder is not a
 * new acquisition: its token may repeat the highest one but must not be lower. An {@code info}
 * acquire, if it took effect, made its process the holder with an unknown token (later tokens must
 * still exceed the known ones). {@code fail} ops are ignored. State: holder (or free) and the
 * highest token handed out.
 */
public final class FencedMutex implements TypedModel<FencedMutex.State, Mutex.Action, Long> {

  /**
   * @param holder the holding process, or -1 with {@code held} false
   * @param held whether the lock is held
   * @param maxToken the highest token handed out so far ({@link Long#MIN_VALUE} for none)
   */
  public record State(boolean held, long holder, long maxToken) {
    @Override
    public String toString() {
      return (held ? "held by p" + holder : "free")
          + ", max token "
          + (maxToken == Long.MIN_VALUE ? "none" : Long.toString(maxToken));
    }
  }

  private static final State INIT = new State(false, -1, Long.MIN_VALUE);

  @Override
  public String name() {
    return "fenced-mutex";
  }

  @Override
  public State init() {
    return INIT;
  }

  @Override
  public Mutex.Action input(Op op) {
    return Mutex.action(op, "fenced-mutex");
  }

  /** The token of an ok acquire; null for a release. */
  @Override
  public Long output(Op op, Mutex.Action in) {
    if (in == Mutex.Action.RELEASE) {
      return null;
    }
    if (!(op.output() instanceof Long t)) {
      throw new IllegalArgumentException(
          "fenced-mutex acquire ok value must be the integer token, got "
              + Values.toJson(op.output()));
    }
    return t;
  }

  @Override
  public State step(State s, Call<Mutex.Action, Long> c) {
    long p = c.process();
    if (c.input() == Mutex.Action.RELEASE) {
      return s.held && s.holder == p ? new State(false, -1, s.maxToken) : null;
    }
    boolean reacquire = s.held && s.holder == p;
    if (s.held && !reacquire) {
      return null;
    }
    if (c.isInfo()) {
      return reacquire ? s : new State(true, p, s.maxToken);
    }
    long t = c.output();
    if (reacquire) {
      return t >= s.maxToken ? (t == s.maxToken ? s : new State(true, p, t)) : null;
    }
    return t > s.maxToken ? new State(true, p, t) : null;
  }

  @Override
  public String describe(Call<Mutex.Action, Long> c) {
    Op op = c.op();
    if (c.input() == Mutex.Action.ACQUIRE) {
      return "p"
          + op.process()
          + " acquire"
          + (op.isOk() ? " -> token " + c.output() : op.isInfo() ? " ?" : " fail");
    }
    return "p" + op.process() + " " + op.f() + (op.isInfo() ? " ?" : op.isFail() ? " fail" : "");
  }
}
