package dev.distlock.model;

import dev.distlock.history.Op;
import dev.distlock.history.Values;
import java.util.List;
import java.util.Objects;

/**
 * {@code cas-register}: a register holding any JSON value, initially null.
 *
 * <table>
 *   <caption>operations</caption>
 *   <tr><th>f</th><th>invoke value</th><th>ok value</th></tr>
 *   <tr><td>{@code read}</td><td>ignored (null)</td><td>the value read (null = unset)</td></tr>
 *   <tr><td>{@code write}</td><td>v</td><td>ignored</td></tr>
 *   <tr><td>{@code cas}</td><td>{@code [expected, new]}</td>
 *       <td>{@code true} (swapped: the register held {@code expected}), {@code false} (did not
 *       swap: it held something else), or null/absent (ok means it happened, as true)</td></tr>
 * </table>
 *
 * {@code fail} means the op did not happen. Values compare with {@code equals} on the {@link
 * Values} representation (integers are {@code Long}).
 */
public final class CasRegister implements Model<Object> {
  /** The state for "no value" (states must be non-null). */
  static final Object NIL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  private final Object initial;

  /** A register starting at null. */
  public CasRegister() {
    this(null);
  }

  /** A register starting at {@code initial}. */
  public CasRegister(Object initial) {
    this.initial = initial == null ? NIL : Values.normalize(initial);
  }

  @Override
  public boolean dependsOnProcess() {
    return false;
  }

  @Override
  public String name() {
    return "cas-register";
  }

  @Override
  public Object init() {
    return initial;
  }

  private static Object wrap(Object v) {
    return v == null ? NIL : v;
  }

  @Override
  public Object step(Object state, Op op) {
    switch (op.f()) {
      case "read":
        if (op.isInfo()) {
          return state;
        }
        return Objects.equals(wrap(op.output()), state) ? state : null;
      case "write":
        return wrap(op.input());
      case "cas":
        {
          List<?> args = (List<?>) op.input();
          boolean matches = Objects.equals(wrap(args.get(0)), state);
          if (op.isInfo()) {
            return matches ? wrap(args.get(1)) : null;
          }
          Object out = op.output();
          if (Boolean.FALSE.equals(out)) {
            return matches ? null : state;
          }
          return matches ? wrap(args.get(1)) : null;
        }
      default:
        throw new IllegalArgumentException("cas-register has no operation \"" + op.f() + "\"");
    }
  }

  @Override
  public void validate(Op op) {
    switch (op.f()) {
      case "read":
      case "write":
        return;
      case "cas":
        if (!(op.input() instanceof List) || ((List<?>) op.input()).size() != 2) {
          throw new IllegalArgumentException(
              "cas value must be [expected, new], got " + Values.toJson(op.input()));
        }
        if (op.isOk() && op.output() != null && !(op.output() instanceof Boolean)) {
          throw new IllegalArgumentException(
              "cas ok value must be true, false or null, got " + Values.toJson(op.output()));
        }
        return;
      default:
        throw new IllegalArgumentException(
            "cas-register has no operation \"" + op.f() + "\" (read, write, cas)");
    }
  }

  @Override
  public String describeOperation(Op op) {
    switch (op.f()) {
      case "read":
        return "read -> " + (op.isOk() ? Values.toJson(op.output()) : "?");
      case "write":
        return "write " + Values.toJson(op.input());
      case "cas":
        {
          List<?> args = (List<?>) op.input();
          String res =
              op.isOk()
                  ? (Boolean.FALSE.equals(op.output()) ? "false" : "true")
                  : (op.isInfo() ? "?" : "fail");
          return "cas "
              + Values.toJson(args.get(0))
              + "->"
              + Values.toJson(args.get(1))
              + " : "
              + res;
        }
      default:
        return op.describe();
    }
  }

  @Override
  public String describeState(Object state) {
    return state == NIL ? "null" : Values.toJson(state);
  }
}
