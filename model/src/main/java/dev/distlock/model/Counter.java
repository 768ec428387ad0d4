package dev.distlock.model;

import dev.distlock.history.Op;
import dev.distlock.history.Values;

/**
 * {@code counter}: a stock counter with decrement-if-positive, starting at the value given to the
 * constructor (CLI: {@code --initial N}, default 0).
 *
 * <table>
 *   <caption>operations</caption>
 *   <tr><th>f</th><th>invoke value</th><th>ok value</th></tr>
 *   <tr><td>{@code decrement}</td><td>ignored</td><td>the new value (an integer ≥ 0) when the
 *       counter was positive and was decremented; {@code false} when it was 0 and nothing
 *       changed (sold out)</td></tr>
 *   <tr><td>{@code read}</td><td>ignored</td><td>the current value</td></tr>
 * </table>
 *
 * A {@code fail} decrement did not happen and is ignored (record a sold-out outcome as ok {@code
 * false} to have it checked, or as fail to have it ignored). An {@code info} decrement may have
 * decremented a positive counter. State: the value (a {@code Long}).
 */
public final class Counter implements TypedModel<Long, Counter.Action, Long> {
  private final Long initial;

  /** A counter starting at 0. */
  public Counter() {
    this(0);
  }

  /** A counter starting at {@code initial} (≥ 0). */
  public Counter(long initial) {
    if (initial < 0) {
      throw new IllegalArgumentException("initial value must be >= 0, got " + initial);
    }
    this.initial = initial;
  }

  @Override
  public boolean dependsOnProcess() {
    return false;
  }

  @Override
  public String name() {
    return "counter";
  }

  @Override
  public Long init() {
    return initial;
  }

  /** The two operations. */
  public enum Action {
    /** {@code decrement}. */
    DECREMENT,
    /** {@code read}. */
    READ
  }

  @Override
  public Action input(Op op) {
    switch (op.f()) {
      case "decrement":
        return Action.DECREMENT;
      case "read":
        return Action.READ;
      default:
        throw new IllegalArgumentException(
            "counter has no operation \"" + op.f() + "\" (decrement, read)");
    }
  }

  /** The value returned; null for a decrement that found the counter at 0 ({@code false}). */
  @Override
  public Long output(Op op, Action in) {
    Object out = op.output();
    if (in == Action.DECREMENT && Boolean.FALSE.equals(out)) {
      return null;
    }
    if (!(out instanceof Long v)) {
      throw new IllegalArgumentException(
          in == Action.DECREMENT
              ? "counter decrement ok value must be the new value or false, got "
                  + Values.toJson(out)
              : "counter read ok value must be an integer, got " + Values.toJson(out));
    }
    return v;
  }

  @Override
  public Long step(Long s, Call<Action, Long> c) {
    long v = s;
    if (c.input() == Action.READ) {
      return c.isInfo() || s.equals(c.output()) ? s : null;
    }
    if (c.isInfo()) {
      return v > 0 ? v - 1 : null;
    }
    Long out = c.output();
    if (out == null) {
      return v == 0 ? s : null;
    }
    return v > 0 && out == v - 1 ? out : null;
  }

  @Override
  public String describe(Call<Action, Long> c) {
    Op op = c.op();
    String res = op.isOk() ? Values.toJson(op.output()) : op.isInfo() ? "?" : "fail";
    return op.f() + " -> " + res;
  }
}
