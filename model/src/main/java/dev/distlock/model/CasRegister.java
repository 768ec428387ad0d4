package dev.distlock.model;

import dev.distlock.history.Op;
import dev.distlock.history.Values;
import java.util.List;

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
public final class CasRegister implements TypedModel<Object, CasRegister.Cmd, Object> {
  /** The state for "no value" (states must be non-null). */
  static final Object NIL =
      new Object() {
        @Override
        public String toString() {
          return "null";
        }
      };

  /** A decoded operation. */
  public sealed interface Cmd permits Read, Write, Cas {}

  /** {@code read}. */
  public record Read() implements Cmd {}

  /**
   * {@code write value}.
   *
   * @param value the value written (the null state for null)
   */
  public record Write(Object value) implements Cmd {}

  /**
   * {@code cas [expected, next]}.
   *
   * @param expected the value it must find
   * @param next the value it sets
   */
  public record Cas(Object expected, Object next) implements Cmd {}

  private static final Read READ = new Read();

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
  public Cmd input(Op op) {
    switch (op.f()) {
      case "read":
        return READ;
      case "write":
        return new Write(wrap(op.input()));
      case "cas":
        if (!(op.input() instanceof List<?> args) || args.size() != 2) {
          throw new IllegalArgumentException(
              "cas value must be [expected, new], got " + Values.toJson(op.input()));
        }
        return new Cas(wrap(args.get(0)), wrap(args.get(1)));
      default:
        throw new IllegalArgumentException(
            "cas-register has no operation \"" + op.f() + "\" (read, write, cas)");
    }
  }

  /** The value read (the null state for null), or for cas {@code Boolean} (null counts as true). */
  @Override
  public Object output(Op op, Cmd in) {
    if (in instanceof Read) {
      return wrap(op.output());
    }
    if (in instanceof Cas) {
      Object out = op.output();
      if (out != null && !(out instanceof Boolean)) {
        throw new IllegalArgumentException(
            "cas ok value must be true, false or null, got " + Values.toJson(out));
      }
      return Boolean.FALSE.equals(out) ? Boolean.FALSE : Boolean.TRUE;
    }
    return null;
  }

  @Override
  public Object step(Object state, Call<Cmd, Object> c) {
    Cmd in = c.input();
    if (in instanceof Read) {
      return c.isInfo() || c.output().equals(state) ? state : null;
    }
    if (in instanceof Write w) {
      return w.value();
    }
    Cas cas = (Cas) in;
    boolean matches = cas.expected().equals(state);
    if (!c.isInfo() && c.output() == Boolean.FALSE) {
      return matches ? null : state;
    }
    return matches ? cas.next() : null;
  }

  @Override
  public String describe(Call<Cmd, Object> c) {
    Op op = c.op();
    Cmd in = c.input();
    String res = op.isOk() ? "" : op.isInfo() ? "?" : "fail";
    if (in instanceof Read) {
      return "read -> " + (op.isOk() ? describeState(c.output()) : res);
    }
    if (in instanceof Write w) {
      return "write " + describeState(w.value()) + (op.isOk() ? "" : " : " + res);
    }
    Cas cas = (Cas) in;
    return "cas "
        + describeState(cas.expected())
        + "->"
        + describeState(cas.next())
        + " : "
        + (op.isOk() ? c.output().toString() : res);
  }

  /**
   * 0: a state is the null marker or a value written by an op of the history, which the history
   * already holds.
   */
  @Override
  public long stateBytes(Object state) {
    return 0;
  }

  @Override
  public String describeState(Object state) {
    return state == NIL ? "null" : Values.toJson(state);
  }
}
