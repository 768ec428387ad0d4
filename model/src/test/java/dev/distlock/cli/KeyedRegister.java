package dev.distlock.cli;

import dev.distlock.history.Op;
import dev.distlock.model.Call;
import dev.distlock.model.TypedModel;

/**
 * A user's model, as the command line finds it: registered in the test class path's {@code
 * META-INF/services/dev.distlock.model.Model}. A string register per key whose initial value is
 * {@code "init:" + key} (a per-key initial state).
 */
public final class KeyedRegister implements TypedModel<String, KeyedRegister.Cmd, String> {
  /** Read, or write a value. */
  public record Cmd(boolean write, String value) {}

  @Override
  public String name() {
    return "keyed-register";
  }

  @Override
  public String init() {
    return "init:";
  }

  @Override
  public String init(String key) {
    return "init:" + key;
  }

  @Override
  public Cmd input(Op op) {
    return switch (op.f()) {
      case "read" -> new Cmd(false, null);
      case "write" -> new Cmd(true, String.valueOf(op.input()));
      default -> throw new IllegalArgumentException("keyed-register has no " + op.f());
    };
  }

  @Override
  public String output(Op op, Cmd in) {
    return in.write() ? null : String.valueOf(op.output());
  }

  @Override
  public String step(String s, Call<Cmd, String> c) {
    if (c.input().write()) {
      return c.input().value();
    }
    return c.isInfo() || c.output().equals(s) ? s : null;
  }

  @Override
  public String describe(Call<Cmd, String> c) {
    return c.input().write()
        ? "set " + c.input().value()
        : "get -> " + (c.op().isOk() ? c.output() : "?");
  }

  @Override
  public boolean dependsOnProcess() {
    return false;
  }
}
