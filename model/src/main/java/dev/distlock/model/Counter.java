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
public final class Counter implements Model<Long> {
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

  @Override
  public Long step(Long s, Op op) {
    long v = s;
    switch (op.f()) {
      case "decrement":
        if (op.isInfo()) {
          return v > 0 ? v - 1 : null;
        }
        if (Boolean.FALSE.equals(op.output())) {
          return v == 0 ? s : null;
        }
        return v > 0 && ((Long) op.output()) == v - 1 ? (Long) (v - 1) : null;
      case "read":
        if (op.isInfo()) {
          return s;
        }
        return s.equals(op.output()) ? s : null;
      default:
        throw new IllegalArgumentException("counter has no operation \"" + op.f() + "\"");
    }
  }

  @Override
  public void validate(Op op) {
    switch (op.f()) {
      case "decrement":
        if (op.isOk() && !(op.output() instanceof Long) && !Boolean.FALSE.equals(op.output())) {
          throw new IllegalArgumentException(
              "counter decrement ok value must be the new value or false, got "
                  + Values.toJson(op.output()));
        }
        return;
      case "read":
        if (op.isOk() && !(op.output() instanceof Long)) {
          throw new IllegalArgumentException(
              "counter read ok value must be an integer, got " + Values.toJson(op.output()));
        }
        return;
      default:
        throw new IllegalArgumentException(
            "counter has no operation \"" + op.f() + "\" (decrement, read)");
    }
  }

  @Override
  public String describeOperation(Op op) {
    String res = op.isOk() ? Values.toJson(op.output()) : op.isInfo() ? "?" : "fail";
    return op.f() + " -> " + res;
  }
}
