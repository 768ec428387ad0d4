package dev.distlock.history;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Java representation of a history {@code value}: any JSON value, mapped as follows.
 *
 * <table>
 *   <caption>JSON to Java</caption>
 *   <tr><th>JSON</th><th>Java</th></tr>
 *   <tr><td>null</td><td>{@code null}</td></tr>
 *   <tr><td>integer</td><td>{@link Long} ({@link BigInteger} beyond 64 bits)</td></tr>
 *   <tr><td>other number</td><td>{@link Double}</td></tr>
 *   <tr><td>string</td><td>{@link String}</td></tr>
 *   <tr><td>true / false</td><td>{@link Boolean}</td></tr>
 *   <tr><td>array</td><td>unmodifiable {@code List<Object>}</td></tr>
 *   <tr><td>object</td><td>unmodifiable {@code Map<String, Object>} (insertion order)</td></tr>
 * </table>
 *
 * <p>{@link #normalize(Object)} turns the other Java types one naturally records ({@code Integer},
 * {@code Short}, {@code Byte}, {@code Float}, {@code int[]}, {@code long[]}, {@code Object[]}, any
 * {@code List} or {@code Map} with string keys) into that representation, so that {@code 1}
 * recorded as an {@code Integer} equals {@code 1} read back from a file.
 */
public final class Values {
  private Values() {}

  /**
   * Returns {@code v} in the canonical representation described above.
   *
   * @throws IllegalArgumentException for a type that has no JSON form
   */
  public static Object normalize(Object v) {
    if (v == null
        || v instanceof Long
        || v instanceof String
        || v instanceof Boolean
        || v instanceof Double) {
      return v;
    }
    if (v instanceof Integer || v instanceof Short || v instanceof Byte) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float) {
      return ((Float) v).doubleValue();
    }
    if (v instanceof BigInteger) {
      BigInteger b = (BigInteger) v;
      return b.bitLength() < 64 ? (Object) b.longValue() : b;
    }
    if (v instanceof BigDecimal) {
      return ((BigDecimal) v).doubleValue();
    }
    if (v instanceof Character) {
      return v.toString();
    }
    if (v instanceof FrozenList || v instanceof FrozenMap) {
      return v;
    }
    if (v instanceof List) {
      List<?> in = (List<?>) v;
      Object[] out = new Object[in.size()];
      int i = 0;
      for (Object o : in) {
        out[i++] = normalize(o);
      }
      return new FrozenList(out);
    }
    if (v instanceof Map) {
      Map<?, ?> in = (Map<?, ?>) v;
      Map<String, Object> out = new LinkedHashMap<>();
      for (Map.Entry<?, ?> e : in.entrySet()) {
        if (!(e.getKey() instanceof String)) {
          throw new IllegalArgumentException("map keys must be strings, got " + e.getKey());
        }
        out.put((String) e.getKey(), normalize(e.getValue()));
      }
      return new FrozenMap(out);
    }
    if (v instanceof long[]) {
      long[] a = (long[]) v;
      Object[] out = new Object[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = a[i];
      }
      return new FrozenList(out);
    }
    if (v instanceof int[]) {
      int[] a = (int[]) v;
      Object[] out = new Object[a.length];
      for (int i = 0; i < a.length; i++) {
        out[i] = (long) a[i];
      }
      return new FrozenList(out);
    }
    if (v instanceof Object[]) {
      return normalize(java.util.Arrays.asList((Object[]) v));
    }
    throw new IllegalArgumentException(
        "not a JSON value: " + v.getClass().getName() + " (" + v + ")");
  }

  /** True if {@code v} is already canonical (cheap check for the common scalar cases). */
  static boolean isCanonical(Object v) {
    return v == null
        || v instanceof Long
        || v instanceof String
        || v instanceof Boolean
        || v instanceof Double
        || v instanceof FrozenList
        || v instanceof FrozenMap;
  }

  /** Wraps values that are already canonical (used by the reader) without copying. */
  static Object frozenList(Object[] canonicalItems) {
    return new FrozenList(canonicalItems);
  }

  static Object frozenMap(Map<String, Object> canonicalEntries) {
    return new FrozenMap(canonicalEntries);
  }

  /** Returns {@code v} as a long if it is an integer value, else throws. */
  public static long asLong(Object v, String what) {
    if (v instanceof Long) {
      return (Long) v;
    }
    throw new IllegalArgumentException(what + " must be an integer, got " + toJson(v));
  }

  /** Compact JSON text of a value (for messages and the timeline). */
  public static String toJson(Object v) {
    StringBuilder sb = new StringBuilder();
    appendJson(sb, v);
    return sb.toString();
  }

  /** Appends the compact JSON text of {@code v} to {@code sb}. */
  public static void appendJson(StringBuilder sb, Object v) {
    if (v == null) {
      sb.append("null");
    } else if (v instanceof String) {
      appendJsonString(sb, (String) v);
    } else if (v instanceof Double) {
      double d = (Double) v;
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        sb.append("null");
      } else {
        sb.append(d);
      }
    } else if (v instanceof Number || v instanceof Boolean) {
      sb.append(v);
    } else if (v instanceof List) {
      sb.append('[');
      boolean first = true;
      for (Object o : (List<?>) v) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        appendJson(sb, o);
      }
      sb.append(']');
    } else if (v instanceof Map) {
      sb.append('{');
      boolean first = true;
      for (Map.Entry<?, ?> e : ((Map<?, ?>) v).entrySet()) {
        if (!first) {
          sb.append(',');
        }
        first = false;
        appendJsonString(sb, String.valueOf(e.getKey()));
        sb.append(':');
        appendJson(sb, e.getValue());
      }
      sb.append('}');
    } else {
      appendJson(sb, normalize(v));
    }
  }

  /** Appends {@code s} as a JSON string literal. */
  public static void appendJsonString(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"':
          sb.append("\\\"");
          break;
        case '\\':
          sb.append("\\\\");
          break;
        case '\n':
          sb.append("\\n");
          break;
        case '\r':
          sb.append("\\r");
          break;
        case '\t':
          sb.append("\\t");
          break;
        default:
          if (c < 0x20 || c == 0x2028 || c == 0x2029) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
      }
    }
    sb.append('"');
  }
}
