package dev.distlock.history;

/**
 * An operation: an invocation paired with its completion.
 *
 * <p>An invoke that never completed is an {@link EventType#INFO} op with {@link #completeTime()}
 * {@link Long#MAX_VALUE} and {@link #completeIndex()} -1.
 *
 * @param id position of the op in {@link History#ops()} (ops are numbered in invoke order)
 * @param process the process that performed it
 * @param f the operation's name
 * @param key the partition key, or null
 * @param input the invocation's {@code value}
 * @param output the completion's {@code value}; only meaningful when {@link #type()} is {@link
 *     EventType#OK}
 * @param type {@link EventType#OK}, {@link EventType#FAIL} or {@link EventType#INFO}
 * @param invokeTime time of the invocation
 * @param completeTime time of the completion ({@link Long#MAX_VALUE} when there is none)
 * @param invokeIndex the invocation's {@code index}
 * @param completeIndex the completion's {@code index}, or -1
 */
public record Op(
    int id,
    long process,
    String f,
    String key,
    Object input,
    Object output,
    EventType type,
    long invokeTime,
    long completeTime,
    long invokeIndex,
    long completeIndex) {

  /**
   * True when the op completed with {@code ok}: it happened and {@link #output()} is its result.
   */
  public boolean isOk() {
    return type == EventType.OK;
  }

  /**
   * True when the op is indeterminate: it may have taken effect at any point after its invoke, or
   * never, and its output is unknown.
   */
  public boolean isInfo() {
    return type == EventType.INFO;
  }

  /** True when the op definitely did not happen; the checker ignores it. */
  public boolean isFail() {
    return type == EventType.FAIL;
  }

  /** A short text such as {@code p3 cas [1,2] -> true}. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append('p').append(process).append(' ').append(f).append(' ');
    Values.appendJson(sb, input);
    switch (type) {
      case OK:
        sb.append(" -> ");
        Values.appendJson(sb, output);
        break;
      case INFO:
        sb.append(" -> ?");
        break;
      default:
        sb.append(" -> fail");
    }
    return sb.toString();
  }

  /** For people: {@link #describe()}, the key and the invoke index. */
  @Override
  public String toString() {
    return describe()
        + (key == null ? "" : " on key \"" + key + "\"")
        + " (index "
        + invokeIndex
        + ")";
  }

  /** This op as a JSON object (used in verdicts). */
  public String toJson() {
    StringBuilder sb = new StringBuilder();
    sb.append("{\"index\":").append(invokeIndex);
    sb.append(",\"process\":").append(process);
    sb.append(",\"type\":\"").append(type.json()).append('"');
    sb.append(",\"f\":");
    Values.appendJsonString(sb, f);
    if (key != null) {
      sb.append(",\"key\":");
      Values.appendJsonString(sb, key);
    }
    sb.append(",\"value\":");
    Values.appendJson(sb, input);
    if (type == EventType.OK) {
      sb.append(",\"output\":");
      Values.appendJson(sb, output);
    }
    sb.append(",\"invoke_time\":").append(invokeTime);
    if (completeIndex >= 0) {
      sb.append(",\"complete_time\":").append(completeTime);
    }
    sb.append('}');
    return sb.toString();
  }
}
