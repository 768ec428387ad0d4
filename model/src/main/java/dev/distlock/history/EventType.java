package dev.distlock.history;

/** The {@code type} of a history line. */
public enum EventType {
  /** The operation started. */
  INVOKE("invoke"),
  /** The operation happened, with the given result. */
  OK("ok"),
  /** The operation definitely did not happen. */
  FAIL("fail"),
  /** Indeterminate: it may have happened at any point after its invoke, or never. */
  INFO("info");

  private final String json;

  EventType(String json) {
    this.json = json;
  }

  /** The name used in the JSON format. */
  public String json() {
    return json;
  }

  /** True for {@link #OK}, {@link #FAIL} and {@link #INFO}. */
  public boolean isCompletion() {
    return this != INVOKE;
  }

  /** Parses a JSON type name, or returns null when unknown. */
  public static EventType fromJson(String s) {
    switch (s) {
      case "invoke":
        return INVOKE;
      case "ok":
        return OK;
      case "fail":
        return FAIL;
      case "info":
        return INFO;
      default:
        return null;
    }
  }
}
