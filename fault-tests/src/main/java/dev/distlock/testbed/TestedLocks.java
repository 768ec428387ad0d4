package dev.distlock.testbed;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The registry of plugged-in locks: every {@link TestedLockFactory} listed in {@code
 * META-INF/services/dev.distlock.testbed.TestedLockFactory} on the class path, by name, in the
 * order the service files list them. Loaded once; thread-safe.
 */
public final class TestedLocks {
  private static final Map<String, TestedLockFactory> ALL = load();

  private TestedLocks() {}

  private static Map<String, TestedLockFactory> load() {
    Map<String, TestedLockFactory> m = new LinkedHashMap<>();
    for (TestedLockFactory f : ServiceLoader.load(TestedLockFactory.class)) {
      String name = f.name();
      if (!name.matches("[a-z0-9][a-z0-9-]*")) {
        throw new IllegalStateException(
            f.getClass().getName() + ": lock name must be lower case, digits and dashes: " + name);
      }
      if (f.deployments().isEmpty()) {
        throw new IllegalStateException(name + " declares no deployment");
      }
      if (m.put(name, f) != null) {
        throw new IllegalStateException("two plugged-in locks named " + name);
      }
    }
    return m;
  }

  /**
   * Returns every registered lock.
   *
   * @return the factories, in registration order
   */
  public static List<TestedLockFactory> all() {
    return new ArrayList<>(ALL.values());
  }

  /**
   * Says whether a lock of that name is registered.
   *
   * @param name e.g. {@code redisson-rlock}
   * @return true if registered
   */
  public static boolean exists(String name) {
    return ALL.containsKey(name.trim().toLowerCase(Locale.ROOT));
  }

  /**
   * Returns the registered lock of that name.
   *
   * @param name e.g. {@code redisson-rlock}
   * @return the factory
   * @throws IllegalArgumentException for an unknown name, listing the registered ones
   */
  public static TestedLockFactory named(String name) {
    TestedLockFactory f = ALL.get(name.trim().toLowerCase(Locale.ROOT));
    if (f == null) {
      throw new IllegalArgumentException(
          "unknown plugged-in lock " + name + "; registered: " + ALL.keySet());
    }
    return f;
  }
}
