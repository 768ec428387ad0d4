package dev.distlock.model;

import dev.distlock.history.Op;
import dev.distlock.history.Values;

/**
 * {@code kv}: one string value per key, initially empty ({@code ""}), with get, put and append, as
 * in Porcupine's key-value tests (and the 6.824 labs they come from).
 *
 * <table>
 *   <caption>operations</caption>
 *   <tr><th>f</th><th>invoke value</th><th>ok value</th></tr>
 *   <tr><td>{@code get}</td><td>ignored (null)</td><td>the value (string; null reads as
 *       {@code ""})</td></tr>
 *   <tr><td>{@code put}</td><td>the new value (string)</td><td>ignored</td></tr>
 *   <tr><td>{@code append}</td><td>the string appended</td><td>ignored</td></tr>
 * </table>
 *
 * The key is the op's {@link Op#key()}: the checker checks each key on its own. State: the value.
 */
public final class KeyValue implements TypedModel<String, KeyValue.Cmd, String> {

  /**
   * A decoded operation.
   *
   * @param kind get, put or append
   * @param value the argument of put and append (null for get)
   */
  public record Cmd(Kind kind, String value) {}

  /** The three operations. */
  public enum Kind {
    /** {@code get}. */
    GET,
    /** {@code put}. */
    PUT,
    /** {@code append}. */
    APPEND
  }

  private static final Cmd GET = new Cmd(Kind.GET, null);

  @Override
  public String name() {
    return "kv";
  }

  @Override
  public boolean dependsOnProcess() {
    return false;
  }

  @Override
  public String init() {
    return "";
  }

  @Override
  public Cmd input(Op op) {
    switch (op.f()) {
      case "get":
        return GET;
      case "put":
        return new Cmd(Kind.PUT, string(op.input(), "put value"));
      case "append":
        return new Cmd(Kind.APPEND, string(op.input(), "append value"));
      default:
        throw new IllegalArgumentException(
            "kv has no operation \"" + op.f() + "\" (get, put, append)");
    }
  }

  @Override
  public String output(Op op, Cmd in) {
    if (in.kind() != Kind.GET) {
      return null;
    }
    return op.output() == null ? "" : string(op.output(), "get result");
  }

  private static String string(Object v, String what) {
    if (v instanceof String s) {
      return s;
    }
    throw new IllegalArgumentException("kv " + what + " must be a string, got " + Values.toJson(v));
  }

  @Override
  public String step(String s, Call<Cmd, String> c) {
    Cmd in = c.input();
    switch (in.kind()) {
      case GET:
        return c.isInfo() || s.equals(c.output()) ? s : null;
      case PUT:
        return in.value();
      default:
        return s.concat(in.value());
    }
  }

  @Override
  public String describe(Call<Cmd, String> c) {
    Op op = c.op();
    Cmd in = c.input();
    String res = op.isInfo() ? " ?" : op.isFail() ? " fail" : "";
    switch (in.kind()) {
      case GET:
        return "get -> " + (op.isOk() ? Values.toJson(c.output()) : res.trim());
      case PUT:
        return "put " + Values.toJson(in.value()) + res;
      default:
        return "append " + Values.toJson(in.value()) + res;
    }
  }

  @Override
  public String describeState(String state) {
    return Values.toJson(state);
  }
}
