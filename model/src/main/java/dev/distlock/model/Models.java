package dev.distlock.model;

import java.util.List;
import java.util.Map;

/** The models that ship with the checker, by name. */
public final class Models {
  private Models() {}

  /** The names {@link #byName} knows. */
  public static List<String> names() {
    return List.of("cas-register", "mutex", "fenced-mutex", "counter", "fenced-register", "kv");
  }

  /** A shipped model with default options. */
  public static Model<?> byName(String name) {
    return byName(name, Map.of());
  }

  /**
   * A shipped model. Options: {@code initial} for {@code counter} (integer, default 0) and {@code
   * cas-register} (integer, default null).
   *
   * @throws IllegalArgumentException for an unknown name or a bad option
   */
  public static Model<?> byName(String name, Map<String, String> options) {
    String initial = options.get("initial");
    for (String k : options.keySet()) {
      if (!k.equals("initial")) {
        throw new IllegalArgumentException("unknown model option \"" + k + "\"");
      }
    }
    switch (name) {
      case "cas-register":
        return initial == null ? new CasRegister() : new CasRegister(parseLong(initial));
      case "mutex":
        noInitial(name, initial);
        return new Mutex();
      case "fenced-mutex":
        noInitial(name, initial);
        return new FencedMutex();
      case "counter":
        return new Counter(initial == null ? 0 : parseLong(initial));
      case "fenced-register":
        noInitial(name, initial);
        return new FencedRegister();
      case "kv":
        noInitial(name, initial);
        return new KeyValue();
      default:
        throw new IllegalArgumentException(
            "unknown model \"" + name + "\" (known: " + String.join(", ", names()) + ")");
    }
  }

  private static void noInitial(String name, String initial) {
    if (initial != null) {
      throw new IllegalArgumentException(name + " takes no initial value");
    }
  }

  private static long parseLong(String s) {
    try {
      return Long.parseLong(s.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("initial value must be an integer, got \"" + s + "\"");
    }
  }
}
