package dev.distlock.model;

import dev.distlock.history.Op;

/**
 * An op decoded by a {@link TypedModel}: the raw op and its typed input and output.
 *
 * @param op the op (process, times, ok or info)
 * @param input the decoded input
 * @param output the decoded output of an ok op; null for info (unknown) and failed ops
 * @param <I> the input type
 * @param <O> the output type
 */
public record Call<I, O>(Op op, I input, O output) {
  /** True when the op is indeterminate: it may or may not have taken effect; output is null. */
  public boolean isInfo() {
    return op.isInfo();
  }

  /** The process that performed the op. */
  public long process() {
    return op.process();
  }
}
