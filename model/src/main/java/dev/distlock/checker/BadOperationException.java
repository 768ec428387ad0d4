package dev.distlock.checker;

import dev.distlock.history.Op;

/** An op whose shape the model does not accept (unknown {@code f}, wrongly typed value). */
public final class BadOperationException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final transient Op op;

  BadOperationException(Op op, String message, Throwable cause) {
    super(
        "op at index "
            + op.invokeIndex()
            + " (process "
            + op.process()
            + ", f \""
            + op.f()
            + "\"): "
            + message,
        cause);
    this.op = op;
  }

  /** The offending op. */
  public Op op() {
    return op;
  }
}
