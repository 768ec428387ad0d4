package dev.distlock.model;

import java.lang.reflect.Array;
import java.lang.reflect.Method;
import java.lang.reflect.RecordComponent;
import java.util.Collection;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Estimates of heap bytes held by model states (64-bit JVM with compressed pointers), used by the
 * default {@link Model#stateBytes}. Deliberately simple and a little generous: every object is
 * counted where it is reached, so structure shared between states is counted once per state.
 */
public final class Footprint {
  /** What an object of a type the estimate does not know is counted as. */
  public static final long UNKNOWN_OBJECT = 64;

  private static final int MAX_DEPTH = 8;
  private static final Map<Class<?>, Method[]> RECORD_ACCESSORS = new ConcurrentHashMap<>();
  private static final Method[] NOT_ACCESSIBLE = new Method[0];

  private Footprint() {}

  /**
   * The estimated bytes of {@code o} and what it references: strings (header + one byte per Latin-1
   * character, two otherwise), boxed primitives, enums (0: shared), collections, maps, arrays and
   * records component by component (eight levels deep); any other object counts {@value
   * #UNKNOWN_OBJECT} bytes.
   */
  public static long estimate(Object o) {
    return estimate(o, 0);
  }

  private static long estimate(Object o, int depth) {
    if (o == null || o instanceof Enum<?> || o instanceof Boolean) {
      return 0;
    }
    if (o instanceof String s) {
      return 24 + 16 + align(s.length() * (isLatin1(s) ? 1L : 2L));
    }
    if (o instanceof Long || o instanceof Double || o instanceof Integer) {
      return 16;
    }
    if (depth >= MAX_DEPTH) {
      return UNKNOWN_OBJECT;
    }
    if (o instanceof Collection<?> c) {
      long b = 24 + 16 + 4L * c.size();
      for (Object e : c) {
        b += estimate(e, depth + 1);
      }
      return b;
    }
    if (o instanceof Map<?, ?> m) {
      long b = 48 + 32L * m.size();
      for (Map.Entry<?, ?> e : m.entrySet()) {
        b += estimate(e.getKey(), depth + 1) + estimate(e.getValue(), depth + 1);
      }
      return b;
    }
    Class<?> c = o.getClass();
    if (c.isArray()) {
      int n = Array.getLength(o);
      Class<?> t = c.getComponentType();
      if (t.isPrimitive()) {
        return 16 + align((long) n * primitiveSize(t));
      }
      long b = 16 + align(4L * n);
      for (Object e : (Object[]) o) {
        b += estimate(e, depth + 1);
      }
      return b;
    }
    if (c.isRecord()) {
      Method[] acc = RECORD_ACCESSORS.computeIfAbsent(c, Footprint::accessors);
      if (acc != NOT_ACCESSIBLE) {
        long b = 16 + 8L * acc.length;
        try {
          for (Method m : acc) {
            if (!m.getReturnType().isPrimitive()) {
              b += estimate(m.invoke(o), depth + 1);
            }
          }
          return b;
        } catch (ReflectiveOperationException | RuntimeException e) {
          return b + UNKNOWN_OBJECT;
        }
      }
    }
    return UNKNOWN_OBJECT;
  }

  private static Method[] accessors(Class<?> c) {
    try {
      RecordComponent[] rc = c.getRecordComponents();
      Method[] m = new Method[rc.length];
      for (int i = 0; i < rc.length; i++) {
        m[i] = rc[i].getAccessor();
        m[i].setAccessible(true);
      }
      return m;
    } catch (RuntimeException e) {
      return NOT_ACCESSIBLE; // module rules: counted as an unknown object, and remembered
    }
  }

  private static boolean isLatin1(String s) {
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) > 0xFF) {
        return false;
      }
    }
    return true;
  }

  private static long primitiveSize(Class<?> t) {
    if (t == long.class || t == double.class) {
      return 8;
    }
    if (t == int.class || t == float.class) {
      return 4;
    }
    if (t == short.class || t == char.class) {
      return 2;
    }
    return 1;
  }

  private static long align(long n) {
    return (n + 7) & ~7L;
  }
}
