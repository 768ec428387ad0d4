package dev.distlock.history;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A small reader of EDN (the data notation Jepsen writes histories in), onto the {@link Values}
 * representation: {@code nil}, booleans, integers ({@code Long}; {@code BigInteger} beyond 64 bits
 * or with an {@code N} suffix), floats ({@code Double}; {@code M} decimals too), strings, and
 * characters become themselves; keywords and symbols become their name as a string ({@code :read} →
 * {@code "read"}, {@code :jepsen/x} → {@code "jepsen/x"}); lists, vectors and sets become lists;
 * maps become maps with string keys (keywords by name, other keys as written). Tagged elements
 * ({@code #jepsen.history.Op{...}}, {@code #inst "..."}) are read as the element, the tag dropped.
 * Commas are whitespace; {@code ;} comments and {@code #_} discards are skipped.
 *
 * <p>Errors are {@link HistoryFormatException}s with the 1-based line and the column.
 */
final class Edn {
  private static final int MAX_DEPTH = 200;

  /** A keyword, kept apart from strings until a value is built. */
  record Keyword(String name) {
    @Override
    public String toString() {
      return ":" + name;
    }
  }

  private final String s;
  private int pos;
  private long line = 1;
  private int lineStart;

  Edn(String text) {
    this.s = text;
  }

  /** The line of the current position. */
  long line() {
    return line;
  }

  /** Skips whitespace and comments; true if another element follows. */
  boolean hasNext() {
    skipWs();
    return pos < s.length();
  }

  /** Peeks at the next significant character (after whitespace), or -1 at the end. */
  int peek() {
    skipWs();
    return pos < s.length() ? s.charAt(pos) : -1;
  }

  /** Consumes the next character, which must be {@code c}. */
  void expect(char c) {
    skipWs();
    if (pos >= s.length() || s.charAt(pos) != c) {
      throw error("expected '" + c + "'");
    }
    pos++;
  }

  /** Reads the next element; keywords stay {@link Keyword}s (see {@link #plain}). */
  Object read() {
    return read(0);
  }

  HistoryFormatException error(String what) {
    String found =
        pos >= s.length()
            ? "end of input"
            : "'" + s.substring(pos, Math.min(s.length(), pos + 12)).split("\n", -1)[0] + "'";
    return new HistoryFormatException(
        line, "column " + (pos - lineStart + 1) + ": " + what + ", found " + found);
  }

  private String where(int at) {
    return "line " + line + ", column " + (at - lineStart + 1);
  }

  private Object read(int depth) {
    if (depth > MAX_DEPTH) {
      throw error("nested more than " + MAX_DEPTH + " levels");
    }
    skipWs();
    if (pos >= s.length()) {
      throw error("expected a value");
    }
    char c = s.charAt(pos);
    switch (c) {
      case '(':
      case '[':
        pos++;
        return Collections.unmodifiableList(seq(c == '(' ? ')' : ']', depth));
      case '{':
        pos++;
        return map(depth);
      case '"':
        return string();
      case ':':
        pos++;
        return new Keyword(token("keyword"));
      case '\\':
        return character();
      case '#':
        return dispatch(depth);
      case ')':
      case ']':
      case '}':
        throw error("unbalanced '" + c + "'");
      default:
        if (isDigit(c)
            || ((c == '-' || c == '+') && pos + 1 < s.length() && isDigit(s.charAt(pos + 1)))) {
          return number();
        }
        String sym = token("symbol");
        switch (sym) {
          case "nil":
            return null;
          case "true":
            return Boolean.TRUE;
          case "false":
            return Boolean.FALSE;
          default:
            return sym;
        }
    }
  }

  private Object dispatch(int depth) {
    pos++;
    if (pos >= s.length()) {
      throw error("expected a form after '#'");
    }
    char c = s.charAt(pos);
    if (c == '{') {
      pos++;
      return Collections.unmodifiableList(seq('}', depth));
    }
    if (Character.isLetter(c)) {
      token("tag");
      return read(depth + 1); // a tagged element: the element, tag dropped
    }
    throw error("unsupported dispatch '#" + c + "'");
  }

  private List<Object> seq(char close, int depth) {
    String opened = where(pos - 1);
    List<Object> l = new ArrayList<>();
    while (true) {
      skipWs();
      if (pos >= s.length()) {
        throw error("expected '" + close + "' closing the one opened at " + opened);
      }
      if (s.charAt(pos) == close) {
        pos++;
        return l;
      }
      l.add(plain(read(depth + 1)));
    }
  }

  private Map<String, Object> map(int depth) {
    String opened = where(pos - 1);
    Map<String, Object> m = new LinkedHashMap<>();
    while (true) {
      skipWs();
      if (pos >= s.length()) {
        throw error("expected '}' closing the map opened at " + opened);
      }
      if (s.charAt(pos) == '}') {
        pos++;
        return Collections.unmodifiableMap(m);
      }
      Object k = read(depth + 1);
      skipWs();
      if (pos < s.length() && s.charAt(pos) == '}') {
        throw error("map has a key without a value");
      }
      Object v = read(depth + 1);
      m.put(k instanceof Keyword kw ? kw.name() : String.valueOf(plain(k)), plain(v));
    }
  }

  /** Keywords as their names; everything else as is. */
  static Object plain(Object v) {
    return v instanceof Keyword k ? k.name() : v;
  }

  private String string() {
    long startLine = line;
    int startColumn = pos - lineStart + 1;
    StringBuilder sb = new StringBuilder();
    pos++;
    while (true) {
      if (pos >= s.length()) {
        throw new HistoryFormatException(
            startLine, "column " + startColumn + ": unterminated string (no closing '\"')");
      }
      char c = s.charAt(pos++);
      if (c == '"') {
        return sb.toString();
      }
      if (c == '\n') {
        line++;
        lineStart = pos;
      }
      if (c != '\\') {
        sb.append(c);
        continue;
      }
      if (pos >= s.length()) {
        throw error("unterminated string");
      }
      char e = s.charAt(pos++);
      switch (e) {
        case 'n' -> sb.append('\n');
        case 't' -> sb.append('\t');
        case 'r' -> sb.append('\r');
        case 'b' -> sb.append('\b');
        case 'f' -> sb.append('\f');
        case '"', '\\', '/' -> sb.append(e);
        case 'u' -> {
          if (pos + 4 > s.length()) {
            throw error("bad \\u escape");
          }
          try {
            sb.append((char) Integer.parseInt(s.substring(pos, pos + 4), 16));
          } catch (NumberFormatException ex) {
            throw error("bad \\u escape");
          }
          pos += 4;
        }
        default -> {
          pos -= 2;
          throw error("unknown escape '\\" + e + "'");
        }
      }
    }
  }

  private String character() {
    pos++;
    int start = pos;
    while (pos < s.length() && !isDelimiter(s.charAt(pos))) {
      pos++;
    }
    if (pos == start && pos < s.length()) {
      pos++; // a delimiter character itself, e.g. \( or \space written as "\ "
    }
    String name = s.substring(start, pos);
    switch (name) {
      case "newline":
        return "\n";
      case "space":
        return " ";
      case "tab":
        return "\t";
      case "return":
        return "\r";
      default:
        if (name.length() == 1) {
          return name;
        }
        if (name.startsWith("u") && name.length() == 5) {
          try {
            return String.valueOf((char) Integer.parseInt(name.substring(1), 16));
          } catch (NumberFormatException e) {
            // fall through to the error
          }
        }
        pos = start - 1;
        throw error("unknown character \\" + name);
    }
  }

  private Object number() {
    int start = pos;
    String t = token("number");
    try {
      if (t.endsWith("N")) {
        return Values.normalize(new BigInteger(t.substring(0, t.length() - 1)));
      }
      if (t.endsWith("M")) {
        return new BigDecimal(t.substring(0, t.length() - 1)).doubleValue();
      }
      if (t.indexOf('/') > 0) {
        String[] r = t.split("/", 2);
        return new BigDecimal(r[0]).doubleValue() / new BigDecimal(r[1]).doubleValue();
      }
      if (t.indexOf('.') >= 0 || t.indexOf('e') >= 0 || t.indexOf('E') >= 0) {
        return Double.parseDouble(t);
      }
      return Values.normalize(new BigInteger(t.startsWith("+") ? t.substring(1) : t));
    } catch (NumberFormatException e) {
      pos = start;
      throw error("bad number");
    }
  }

  private String token(String what) {
    int start = pos;
    while (pos < s.length() && !isDelimiter(s.charAt(pos))) {
      pos++;
    }
    if (pos == start) {
      throw error("expected a " + what);
    }
    return s.substring(start, pos);
  }

  private static boolean isDelimiter(char c) {
    return Character.isWhitespace(c)
        || c == ','
        || c == '('
        || c == ')'
        || c == '['
        || c == ']'
        || c == '{'
        || c == '}'
        || c == '"'
        || c == ';';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private void skipWs() {
    while (pos < s.length()) {
      char c = s.charAt(pos);
      if (c == '\n') {
        line++;
        pos++;
        lineStart = pos;
      } else if (c == ',' || Character.isWhitespace(c) || c == '\uFEFF') {
        pos++;
      } else if (c == ';') {
        while (pos < s.length() && s.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == '#' && pos + 1 < s.length() && s.charAt(pos + 1) == '_') {
        pos += 2;
        read(0); // #_ discards the next element
      } else {
        return;
      }
    }
  }
}
