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
public final class FencedRegister implements Model<FencedRegister.State> {
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

  private static long token(Op op) {
    Object in = op.input();
    if (in instanceof Long) {
      return (Long) in;
    }
    return (Long) ((List<?>) in).get(0);
  }

  @Override
  public State step(State s, Op op) {
    long t = token(op);
    boolean accept = t >= s.maxToken;
    if (op.isOk() && STALE.equals(op.output())) {
      return accept ? null : s;
    }
    if (!accept) {
      return null;
    }
    switch (op.f()) {
      case "read":
        if (!op.isInfo() && !Objects.equals(op.output(), s.value)) {
          return null;
        }
        return t == s.maxToken ? s : new State(s.value, t);
      case "write":
        {
          Object v = ((List<?>) op.input()).get(1);
          return t == s.maxToken && Objects.equals(v, s.value) ? s : new State(v, t);
        }
      default:
        throw new IllegalArgumentException("fenced-register has no operation \"" + op.f() + "\"");
    }
  }

  @Override
  public void validate(Op op) {
    Object in = op.input();
    switch (op.f()) {
      case "read":
        if (in instanceof Long) {
          return;
        }
        if (in instanceof List
            && ((List<?>) in).size() == 1
            && ((List<?>) in).get(0) instanceof Long) {
          return;
        }
        throw new IllegalArgumentException(
            "fenced-register read value must be [token], got " + Values.toJson(in));
      case "write":
        if (in instanceof List
            && ((List<?>) in).size() == 2
            && ((List<?>) in).get(0) instanceof Long) {
          return;
        }
        throw new IllegalArgumentException(
            "fenced-register write value must be [token, value], got " + Values.toJson(in));
      default:
        throw new IllegalArgumentException(
            "fenced-register has no operation \"" + op.f() + "\" (read, write)");
    }
  }

  @Override
  public String describeOperation(Op op) {
    String res = op.isOk() ? Values.toJson(op.output()) : op.isInfo() ? "?" : "fail";
    if (op.f().equals("write")) {
      List<?> in = (List<?>) op.input();
      return "write " + Values.toJson(in.get(1)) + " @" + in.get(0) + " -> " + res;
    }
    return "read @" + token(op) + " -> " + res;
  }
}
