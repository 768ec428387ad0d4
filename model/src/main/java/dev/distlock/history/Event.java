package dev.distlock.history;

import java.util.Objects;

/**
 * One line of a history: an invocation or a completion of an operation.
 *
 * @param index position in the history (the {@code index} field; the line's position when the field
 *     is absent)
 * @param process the process (client thread) that performed the operation; a process has at most
 *     one operation outstanding at a time
 * @param type invoke, ok, fail or info
 * @param f the operation's name, e.g. {@code "cas"}
 * @param key the partition key, or null; operations on different keys are checked independently
 * @param value the invocation's argument or the completion's result, see {@link Values}
 * @param time nanoseconds from any monotonic origin
 */
public record Event(
    long index, long process, EventType type, String f, String key, Object value, long time) {

  /** Validates and normalizes {@code value} (see {@link Values#normalize(Object)}). */
  public Event {
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(f, "f");
    if (!Values.isCanonical(value)) {
      value = Values.normalize(value);
    }
  }

  /** This event as one line of JSON (without the trailing newline). */
  public String toJson() {
    StringBuilder sb = new StringBuilder(96);
    sb.append("{\"index\":").append(index);
    sb.append(",\"process\":").append(process);
    sb.append(",\"type\":\"").append(type.json()).append('"');
    sb.append(",\"f\":");
    Values.appendJsonString(sb, f);
    if (key != null) {
      sb.append(",\"key\":");
      Values.appendJsonString(sb, key);
    }
    sb.append(",\"value\":");
    Values.appendJson(sb, value);
    sb.append(",\"time\":").append(time).append('}');
    return sb.toString();
  }

  @Override
  public String toString() {
    return toJson();
  }
}
