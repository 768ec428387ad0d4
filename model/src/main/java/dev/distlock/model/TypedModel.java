package dev.distlock.model;

import dev.distlock.history.Op;

/**
 * A {@link Model} whose ops are decoded once, before the search: {@link #input} turns an op's
 * {@code f} and invoke value into an {@code I}, {@link #output} turns an ok op's result into an
 * {@code O}, and {@link #step(Object, Call)} works on those, without casts. Decoding failures
 * ({@link IllegalArgumentException}) are reported as bad input, naming the op, before any search.
 *
 * <p>A whole model, for a register with {@code write v} and {@code read -> v}:
 *
 * <pre>{@code
 * public final class Register implements TypedModel<Object, Register.Cmd, Object> {
 *   public record Cmd(boolean write, Object value) {}
 *   public Object init() { return "none"; }
 *   public Cmd input(Op op) {
 *     return switch (op.f()) {
 *       case "write" -> new Cmd(true, op.input());
 *       case "read" -> new Cmd(false, null);
 *       default -> throw new IllegalArgumentException("no operation " + op.f());
 *     };
 *   }
 *   public Object output(Op op, Cmd in) { return op.output() == null ? "none" : op.output(); }
 *   public Object step(Object s, Call<Cmd, Object> c) {
 *     if (c.input().write()) return c.input().value();
 *     return c.isInfo() || c.output().equals(s) ? s : null;
 *   }
 * }
 * }</pre>
 *
 * @param <S> the state type
 * @param <I> the decoded input (typically a small record or sealed interface per operation)
 * @param <O> the decoded output of an ok op
 */
public interface TypedModel<S, I, O> extends Model<S> {

  /**
   * Decodes an op's {@code f} and invoke value (called once per ok, info and failed op).
   *
   * @throws IllegalArgumentException naming the problem, for a shape this model does not know
   */
  I input(Op op);

  /**
   * Decodes an ok op's result (called once per ok op, after {@link #input}).
   *
   * @throws IllegalArgumentException naming the problem, for a result of the wrong shape
   */
  O output(Op op, I input);

  /**
   * The state after the call, or null if it is not legal in {@code state}. For an info call ({@link
   * Call#isInfo()}) the output is unknown (null): return the state it leads to if it did take
   * effect, or null if it cannot.
   */
  S step(S state, Call<I, O> call);

  /** Short text for a decoded call; the default describes the raw op. */
  default String describe(Call<I, O> call) {
    return call.op().describe();
  }

  /** Decodes {@code op}. */
  default Call<I, O> decode(Op op) {
    I in = input(op);
    return new Call<>(op, in, op.isOk() ? output(op, in) : null);
  }

  @Override
  default S step(S state, Op op) {
    return step(state, decode(op));
  }

  @Override
  default void validate(Op op) {
    decode(op);
  }

  @Override
  default String describeOperation(Op op) {
    return describe(decode(op));
  }
}
