package dev.distlock.model;

import dev.distlock.history.Op;
import dev.distlock.history.Values;
import java.util.List;
import java.util.Objects;

/**
 * {@code fenced-register}: the access-fenced resource of DESIGN.md. A register (initially null)
 * guarded by fencing tokens: an access is accepted only if its token is ≥ the highest token seen,
 * and every accepted access (read or write) records its token.
 *
 * <table>
 *   <caption>operations</caption>
 *   <tr><th>f</th><th>invoke value</th><th>ok value</th></tr>
 *   <tr><td>{@code read}</td><td>{@code [token]} (or a bare integer token)</td><td>the value read;
 *       or the string {@code "stale"}: rejected</td></tr>
 *   <tr><td>{@code write}</td><td>{@code [token, v]}</td><td>anything but {@code "stale"}
 *       (accepted; e.g. null or true); or {@code "stale"}: rejected</td></tr>
 * </table>
 *
 * A rejected access ({@code "stale"}) is legal only when its token is below the highest seen, and
 * changes nothing. An accepted access is legal only when its token is ≥ the highest seen. {@code
 * fail} ops are ignored (a guard that reports rejection as fail gets no check of it). State: the
 * value and the highest token.
 */
public final class FencedRegister
    implements TypedModel<FencedRegister.State, FencedRegister.Access, FencedRegister.Reply> {
  /** The ok value of a rejected access. */
  public static final String STALE = "stale";

  /**
   * @param value the register's value (null = unset)
   * @param maxToken the highest token seen ({@link Long#MIN_VALUE} for none)
   */
  public record State(Object value, long maxToken) {
    @Override
    public String toString() {
      return "value "
          + Values.toJson(value)
          + ", max token "
          + (maxToken == Long.MIN_VALUE ? "none" : Long.toString(maxToken));
    }
  }

  private static final State INIT = new State(null, Long.MIN_VALUE);

  @Override
  public boolean dependsOnProcess() {
    return false;
  }

  @Override
  public String name() {
    return "fenced-register";
  }

  @Override
  public State init() {
    return INIT;
  }

  /**
   * A decoded access.
   *
   * @param write true for {@code write}, false for {@code read}
   * @param token the access's token
   * @param value the value written (null for a read)
   */
  public record Access(boolean write, long token, Object value) {}

  /**
   * A decoded ok result.
   *
   * @param stale whether the guard rejected the access
   * @param value the value read (null otherwise)
   */
  public record Reply(boolean stale, Object value) {}

  @Override
  public Access input(Op op) {
    Object in = op.input();
    switch (op.f()) {
      case "read":
        if (in instanceof Long t) {
          return new Access(false, t, null);
        }
        if (in instanceof List<?> l && l.size() == 1 && l.get(0) instanceof Long t) {
          return new Access(false, t, null);
        }
        throw new IllegalArgumentException(
            "fenced-register read value must be [token], got " + Values.toJson(in));
      case "write":
        if (in instanceof List<?> l && l.size() == 2 && l.get(0) instanceof Long t) {
          return new Access(true, t, l.get(1));
        }
        throw new IllegalArgumentException(
            "fenced-register write value must be [token, value], got " + Values.toJson(in));
      default:
        throw new IllegalArgumentException(
            "fenced-register has no operation \"" + op.f() + "\" (read, write)");
    }
  }

  @Override
  public Reply output(Op op, Access in) {
    return STALE.equals(op.output()) ? new Reply(true, null) : new Reply(false, op.output());
  }

  @Override
  public State step(State s, Call<Access, Reply> c) {
    Access a = c.input();
    long t = a.token();
    boolean accept = t >= s.maxToken;
    if (!c.isInfo() && c.output().stale()) {
      return accept ? null : s;
    }
    if (!accept) {
      return null;
    }
    if (!a.write()) {
      if (!c.isInfo() && !Objects.equals(c.output().value(), s.value)) {
        return null;
      }
      return t == s.maxToken ? s : new State(s.value, t);
    }
    return t == s.maxToken && Objects.equals(a.value(), s.value) ? s : new State(a.value(), t);
  }

  @Override
  public String describe(Call<Access, Reply> c) {
    Op op = c.op();
    Access a = c.input();
    String res = op.isOk() ? Values.toJson(op.output()) : op.isInfo() ? "?" : "fail";
    if (a.write()) {
      return "write " + Values.toJson(a.value()) + " @" + a.token() + " -> " + res;
    }
    return "read @" + a.token() + " -> " + res;
  }
}
