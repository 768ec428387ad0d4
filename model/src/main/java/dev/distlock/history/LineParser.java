package dev.distlock.history;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses one line of the history format from bytes: a complete JSON parser (RFC 8259) with a fast
 * path for the known fields. Errors are {@link HistoryFormatException}s with the line number.
 */
final class LineParser {
  private static final int MAX_DEPTH = 200;

  private byte[] b;
  private int pos;
  private int end;
  private long line;

  // Results of the last parse.
  long index;
  boolean hasIndex;
  long process;
  boolean hasProcess;
  EventType type;
  String f;
  String key;
  Object value;
  long time;
  boolean hasTime;

  private final StringCache strings = new StringCache();
  private final StringBuilder sb = new StringBuilder();

  /** Parses {@code buf[start, end)}, which holds one non-blank line. */
  void parse(byte[] buf, int start, int stop, long lineNo) {
    b = buf;
    pos = start;
    end = stop;
    line = lineNo;
    hasIndex = false;
    hasProcess = false;
    type = null;
    f = null;
    key = null;
    value = null;
    hasTime = false;
    skipWs();
    if (pos >= end || b[pos] != '{') {
      if (pos < end && (b[pos] == '[' || b[pos] == '"' || b[pos] == '-' || isDigit(b[pos]))) {
        throw error("expected a JSON object, found " + describe(readValue(0)));
      }
      throw error("expected a JSON object");
    }
    pos++;
    skipWs();
    if (peek() == '}') {
      pos++;
    } else {
      while (true) {
        skipWs();
        if (peek() != '"') {
          throw error("expected a field name");
        }
        int field = fieldName();
        skipWs();
        expect(':');
        skipWs();
        switch (field) {
          case F_INDEX:
            index = integer("index");
            hasIndex = true;
            break;
          case F_PROCESS:
            process = integer("process");
            hasProcess = true;
            break;
          case F_TIME:
            time = integer("time");
            hasTime = true;
            break;
          case F_TYPE:
            {
              String s = string("type");
              type = EventType.fromJson(s);
              if (type == null) {
                throw error("unknown type \"" + s + "\" (expected invoke, ok, fail or info)");
              }
              break;
            }
          case F_F:
            f = string("f");
            break;
          case F_KEY:
            if (peek() == 'n') {
              readValue(0);
              key = null;
            } else {
              key = string("key");
            }
            break;
          case F_VALUE:
            value = readValue(0);
            break;
          default:
            readValue(0);
        }
        skipWs();
        byte c = peek();
        if (c == ',') {
          pos++;
          continue;
        }
        if (c == '}') {
          pos++;
          break;
        }
        throw error("expected ',' or '}' after a field value");
      }
    }
    skipWs();
    if (pos < end) {
      if (b[pos] == '{') {
        throw error("more than one JSON object on one line");
      }
      throw error("unexpected characters after the object");
    }
  }

  private static final int F_OTHER = 0;
  private static final int F_INDEX = 1;
  private static final int F_PROCESS = 2;
  private static final int F_TYPE = 3;
  private static final int F_F = 4;
  private static final int F_KEY = 5;
  private static final int F_VALUE = 6;
  private static final int F_TIME = 7;

  private int fieldName() {
    int start = pos + 1;
    int i = start;
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        pos = i + 1;
        return classify(start, i - start);
      }
      if (c == '\\') {
        // Rare: a field name with escapes.
        String s = readString();
        switch (s) {
          case "index":
            return F_INDEX;
          case "process":
            return F_PROCESS;
          case "type":
            return F_TYPE;
          case "f":
            return F_F;
          case "key":
            return F_KEY;
          case "value":
            return F_VALUE;
          case "time":
            return F_TIME;
          default:
            return F_OTHER;
        }
      }
      if ((c & 0xff) < 0x20) {
        throw error("control character in a string");
      }
      i++;
    }
    throw error("unterminated string");
  }

  private int classify(int s, int len) {
    switch (len) {
      case 1:
        return b[s] == 'f' ? F_F : F_OTHER;
      case 3:
        return b[s] == 'k' && b[s + 1] == 'e' && b[s + 2] == 'y' ? F_KEY : F_OTHER;
      case 4:
        if (b[s] == 't') {
          if (b[s + 1] == 'y' && b[s + 2] == 'p' && b[s + 3] == 'e') {
            return F_TYPE;
          }
          if (b[s + 1] == 'i' && b[s + 2] == 'm' && b[s + 3] == 'e') {
            return F_TIME;
          }
        }
        return F_OTHER;
      case 5:
        if (eq(s, "index")) {
          return F_INDEX;
        }
        return eq(s, "value") ? F_VALUE : F_OTHER;
      case 7:
        return eq(s, "process") ? F_PROCESS : F_OTHER;
      default:
        return F_OTHER;
    }
  }

  private boolean eq(int s, String lit) {
    for (int i = 0; i < lit.length(); i++) {
      if (b[s + i] != lit.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  private long integer(String name) {
    byte c = peek();
    if (c == '-' || isDigit(c)) {
      int start = pos;
      boolean neg = c == '-';
      if (neg) {
        pos++;
      }
      if (pos >= end || !isDigit(b[pos])) {
        throw error("malformed number");
      }
      long v = 0;
      boolean overflow = false;
      int digits = 0;
      while (pos < end && isDigit(b[pos])) {
        int d = b[pos] - '0';
        if (digits == 1 && v == 0) {
          throw error("malformed number (leading zero)");
        }
        // accumulate negatively to reach Long.MIN_VALUE
        if (v < (Long.MIN_VALUE + d) / 10) {
          overflow = true;
        }
        v = v * 10 - d;
        digits++;
        pos++;
      }
      if (pos < end && (b[pos] == '.' || b[pos] == 'e' || b[pos] == 'E')) {
        pos = start;
        Object o = readValue(0);
        throw error("\"" + name + "\" must be an integer, found " + describe(o));
      }
      if (overflow || (!neg && v == Long.MIN_VALUE)) {
        throw error("\"" + name + "\" does not fit in 64 bits");
      }
      return neg ? v : -v;
    }
    Object o = readValue(0);
    throw error("\"" + name + "\" must be an integer, found " + describe(o));
  }

  private String string(String name) {
    if (peek() == '"') {
      return readString();
    }
    Object o = readValue(0);
    throw error("\"" + name + "\" must be a string, found " + describe(o));
  }

  private static String describe(Object o) {
    if (o == null) {
      return "null";
    }
    if (o instanceof List) {
      return "an array";
    }
    if (o instanceof Map) {
      return "an object";
    }
    String s = Values.toJson(o);
    return o instanceof String ? "the string " + s : s;
  }

  /** Reads a string starting at the opening quote; interns short ASCII strings. */
  private String readString() {
    int start = pos + 1;
    int i = start;
    boolean ascii = true;
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        pos = i + 1;
        int len = i - start;
        if (ascii) {
          return len <= 32
              ? strings.get(b, start, len)
              : new String(b, start, len, StandardCharsets.ISO_8859_1);
        }
        return new String(b, start, len, StandardCharsets.UTF_8);
      }
      if (c == '\\') {
        return readEscaped(start, i);
      }
      if (c < 0) {
        ascii = false;
      } else if (c < 0x20) {
        throw error("control character in a string");
      }
      i++;
    }
    throw error("unterminated string");
  }

  private String readEscaped(int start, int firstEscape) {
    sb.setLength(0);
    sb.append(new String(b, start, firstEscape - start, StandardCharsets.UTF_8));
    int i = firstEscape;
    int seg = i;
    while (i < end) {
      byte c = b[i];
      if (c == '"') {
        sb.append(new String(b, seg, i - seg, StandardCharsets.UTF_8));
        pos = i + 1;
        return sb.toString();
      }
      if (c == '\\') {
        sb.append(new String(b, seg, i - seg, StandardCharsets.UTF_8));
        if (i + 1 >= end) {
          break;
        }
        byte e = b[i + 1];
        i += 2;
        switch (e) {
          case '"':
            sb.append('"');
            break;
          case '\\':
            sb.append('\\');
            break;
          case '/':
            sb.append('/');
            break;
          case 'b':
            sb.append('\b');
            break;
          case 'f':
            sb.append('\f');
            break;
          case 'n':
            sb.append('\n');
            break;
          case 'r':
            sb.append('\r');
            break;
          case 't':
            sb.append('\t');
            break;
          case 'u':
            {
              if (i + 4 > end) {
                pos = i;
                throw error("bad \\u escape");
              }
              int cp = 0;
              for (int k = 0; k < 4; k++) {
                int h = Character.digit(b[i + k], 16);
                if (h < 0) {
                  pos = i;
                  throw error("bad \\u escape");
                }
                cp = cp * 16 + h;
              }
              sb.append((char) cp);
              i += 4;
              break;
            }
          default:
            pos = i - 1;
            throw error("bad escape \\" + (char) e);
        }
        seg = i;
        continue;
      }
      if (c >= 0 && c < 0x20) {
        pos = i;
        throw error("control character in a string");
      }
      i++;
    }
    throw error("unterminated string");
  }

  private Object readValue(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("values nested too deeply");
    }
    skipWs();
    if (pos >= end) {
      throw error("expected a value");
    }
    byte c = b[pos];
    switch (c) {
      case '"':
        return readString();
      case '{':
        {
          pos++;
          Map<String, Object> m = new LinkedHashMap<>();
          skipWs();
          if (peek() == '}') {
            pos++;
            return Values.frozenMap(m);
          }
          while (true) {
            skipWs();
            if (peek() != '"') {
              throw error("expected a field name");
            }
            String k = readString();
            skipWs();
            expect(':');
            m.put(k, readValue(depth + 1));
            skipWs();
            byte d = peek();
            pos++;
            if (d == ',') {
              continue;
            }
            if (d == '}') {
              return Values.frozenMap(m);
            }
            pos--;
            throw error("expected ',' or '}' in an object");
          }
        }
      case '[':
        {
          pos++;
          skipWs();
          if (peek() == ']') {
            pos++;
            return Values.frozenList(new Object[0]);
          }
          Object first = readValue(depth + 1);
          skipWs();
          if (peek() == ']') {
            pos++;
            return Values.frozenList(new Object[] {first});
          }
          List<Object> l = new ArrayList<>(4);
          l.add(first);
          while (true) {
            skipWs();
            byte d = peek();
            if (d == ',') {
              pos++;
              l.add(readValue(depth + 1));
              continue;
            }
            if (d == ']') {
              pos++;
              return Values.frozenList(l.toArray());
            }
            throw error("expected ',' or ']' in an array");
          }
        }
      case 't':
        literal("true");
        return Boolean.TRUE;
      case 'f':
        literal("false");
        return Boolean.FALSE;
      case 'n':
        literal("null");
        return null;
      default:
        if (c == '-' || isDigit(c)) {
          return number();
        }
        throw error("unexpected character '" + printable(c) + "'");
    }
  }

  private Object number() {
    int start = pos;
    if (b[pos] == '-') {
      pos++;
    }
    if (pos >= end || !isDigit(b[pos])) {
      throw error("malformed number");
    }
    if (b[pos] == '0' && pos + 1 < end && isDigit(b[pos + 1])) {
      throw error("malformed number (leading zero)");
    }
    while (pos < end && isDigit(b[pos])) {
      pos++;
    }
    boolean isFloat = false;
    if (pos < end && b[pos] == '.') {
      isFloat = true;
      pos++;
      if (pos >= end || !isDigit(b[pos])) {
        throw error("malformed number");
      }
      while (pos < end && isDigit(b[pos])) {
        pos++;
      }
    }
    if (pos < end && (b[pos] == 'e' || b[pos] == 'E')) {
      isFloat = true;
      pos++;
      if (pos < end && (b[pos] == '+' || b[pos] == '-')) {
        pos++;
      }
      if (pos >= end || !isDigit(b[pos])) {
        throw error("malformed number");
      }
      while (pos < end && isDigit(b[pos])) {
        pos++;
      }
    }
    int len = pos - start;
    if (isFloat) {
      return Double.parseDouble(new String(b, start, len, StandardCharsets.ISO_8859_1));
    }
    if (len <= 18) {
      long v = 0;
      int i = start;
      boolean neg = b[i] == '-';
      if (neg) {
        i++;
      }
      for (; i < pos; i++) {
        v = v * 10 + (b[i] - '0');
      }
      return neg ? -v : v;
    }
    BigInteger big = new BigInteger(new String(b, start, len, StandardCharsets.ISO_8859_1));
    return big.bitLength() < 64 ? (Object) big.longValue() : big;
  }

  private void literal(String lit) {
    if (pos + lit.length() > end) {
      throw error("unexpected end of line");
    }
    for (int i = 0; i < lit.length(); i++) {
      if (b[pos + i] != lit.charAt(i)) {
        throw error("unexpected character '" + printable(b[pos]) + "'");
      }
    }
    pos += lit.length();
  }

  private static String printable(byte c) {
    return c >= 0x20 && c < 0x7f ? String.valueOf((char) c) : String.format("\\x%02x", c & 0xff);
  }

  private byte peek() {
    if (pos >= end) {
      throw error("unexpected end of line");
    }
    return b[pos];
  }

  private void expect(char c) {
    if (peek() != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  private void skipWs() {
    while (pos < end) {
      byte c = b[pos];
      if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
        pos++;
      } else {
        return;
      }
    }
  }

  private static boolean isDigit(byte c) {
    return c >= '0' && c <= '9';
  }

  private HistoryFormatException error(String msg) {
    return new HistoryFormatException(line, "malformed JSON: " + msg, null);
  }

  /** Interns short ASCII strings (f names, keys) without allocating on a hit. */
  static final class StringCache {
    private byte[][] keys = new byte[256][];
    private String[] vals = new String[256];
    private int size;

    String get(byte[] b, int start, int len) {
      int h = 1;
      for (int i = 0; i < len; i++) {
        h = 31 * h + b[start + i];
      }
      h ^= h >>> 16;
      int mask = keys.length - 1;
      int i = h & mask;
      byte[] k;
      while ((k = keys[i]) != null) {
        if (k.length == len && sameBytes(k, b, start, len)) {
          return vals[i];
        }
        i = (i + 1) & mask;
      }
      String s = new String(b, start, len, StandardCharsets.ISO_8859_1);
      if (size >= 1 << 16) {
        return s; // stop growing: many distinct strings are values, not names
      }
      byte[] copy = new byte[len];
      System.arraycopy(b, start, copy, 0, len);
      keys[i] = copy;
      vals[i] = s;
      if (++size * 2 > keys.length) {
        grow();
      }
      return s;
    }

    private static boolean sameBytes(byte[] k, byte[] b, int start, int len) {
      for (int j = 0; j < len; j++) {
        if (k[j] != b[start + j]) {
          return false;
        }
      }
      return true;
    }

    private void grow() {
      byte[][] ok = keys;
      String[] ov = vals;
      keys = new byte[ok.length * 2][];
      vals = new String[ok.length * 2];
      int mask = keys.length - 1;
      for (int j = 0; j < ok.length; j++) {
        if (ok[j] != null) {
          int h = 1;
          for (byte x : ok[j]) {
            h = 31 * h + x;
          }
          h ^= h >>> 16;
          int i = h & mask;
          while (keys[i] != null) {
            i = (i + 1) & mask;
          }
          keys[i] = ok[j];
          vals[i] = ov[j];
        }
      }
    }
  }
}
