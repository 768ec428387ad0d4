package dev.distlock.history;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Reads Jepsen histories in EDN ({@code history.edn}): one op map per line, or one vector (or list)
 * of op maps, as Jepsen and Knossos write them:
 *
 * <pre>{:type :invoke, :f :write, :value 3, :time 3291485317, :process 0, :index 0}
 * {:type :info, :f :start-partition, :value :majority, :time 3300000000, :process :nemesis}</pre>
 *
 * <ul>
 *   <li>{@code :process} (integer), {@code :type} ({@code :invoke}, {@code :ok}, {@code :fail},
 *       {@code :info}) and {@code :f} are required. Ops whose process is not an integer ({@code
 *       :nemesis}) are not client ops and are skipped.
 *   <li>A process whose op completes {@code :info} crashed: the op is indeterminate, as in the JSON
 *       format (Jepsen goes on with a new process number).
 *   <li>{@code :value} is mapped as described in {@link Edn} (keywords become strings); {@code
 *       :key}, when present, partitions the history (any value, as text). With {@link
 *       #independentKeys}, values are Jepsen {@code independent} tuples {@code [key value]}
 *       instead.
 *   <li>{@code :time} (nanoseconds) and {@code :index} are optional, as in the JSON format: a
 *       history with no {@code :time} is read in order. Other fields ({@code :error}, ...) are
 *       ignored.
 * </ul>
 *
 * Malformed input is a {@link HistoryFormatException} naming the line (and, for syntax errors, the
 * column); the history is validated like the JSON one (see {@link History}). The whole input is
 * read into memory first.
 */
public final class EdnHistoryReader {
  private boolean independent;

  private EdnHistoryReader() {}

  /** A reader with the defaults (keys from {@code :key}). */
  public static EdnHistoryReader create() {
    return new EdnHistoryReader();
  }

  /**
   * Reads values as Jepsen {@code independent} tuples: every client op's {@code :value} is {@code
   * [key value]}; the key partitions the history and the value is the op's value.
   */
  public EdnHistoryReader independentKeys(boolean on) {
    independent = on;
    return this;
  }

  /** Reads and validates a history file. */
  public History read(Path file) throws IOException {
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Reads and validates a history from a UTF-8 stream (not closed). */
  public History read(InputStream in) throws IOException {
    return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
  }

  /**
   * Reads and validates a history from text.
   *
   * @throws HistoryFormatException for bad EDN, an op that is not a map, a missing or mistyped
   *     field, or a history that is not well-formed
   */
  public History parse(String text) {
    Edn edn = new Edn(text);
    History.Builder b = new History.Builder();
    int[] position = {0};
    Boolean[] timed = {null};
    int first = edn.peek();
    if (first == '[' || first == '(') {
      char close = first == '[' ? ']' : ')';
      edn.expect((char) first);
      while (true) {
        int c = edn.peek();
        if (c == -1) {
          throw edn.error("expected '" + close + "' closing the history");
        }
        if (c == close) {
          edn.expect(close);
          break;
        }
        long line = edn.line();
        add(b, Edn.plain(edn.read()), line, position, timed);
      }
      if (edn.hasNext()) {
        throw edn.error("expected the end of input after the history");
      }
    } else {
      while (edn.hasNext()) {
        long line = edn.line();
        add(b, Edn.plain(edn.read()), line, position, timed);
      }
    }
    return b.build();
  }

  private void add(History.Builder b, Object o, long line, int[] position, Boolean[] timed) {
    if (!(o instanceof Map<?, ?> m)) {
      throw new HistoryFormatException(
          line, "expected an op map like {:type :invoke, :f :read, ...}, found " + describe(o));
    }
    Object process = m.get("process");
    if (process == null) {
      throw new HistoryFormatException(line, "missing :process");
    }
    Object typeName = m.get("type");
    if (typeName == null) {
      throw new HistoryFormatException(line, "missing :type");
    }
    EventType type = typeName instanceof String t ? EventType.fromJson(t) : null;
    if (type == null) {
      throw new HistoryFormatException(
          line, ":type must be :invoke, :ok, :fail or :info, got " + describe(typeName));
    }
    if (!(process instanceof Long p)) {
      if (process instanceof String) {
        return; // :nemesis and other non-client processes
      }
      throw new HistoryFormatException(
          line, ":process must be an integer or a keyword, got " + describe(process));
    }
    Object f = m.get("f");
    if (f == null) {
      throw new HistoryFormatException(line, "missing :f");
    }
    Object value = m.get("value");
    String key = m.containsKey("key") && m.get("key") != null ? text(m.get("key")) : null;
    if (independent) {
      if (!(value instanceof List<?> tuple) || tuple.size() != 2) {
        throw new HistoryFormatException(
            line, "independent keys: :value must be [key value], got " + describe(value));
      }
      key = text(tuple.get(0));
      value = tuple.get(1);
    }
    Object time = m.get("time");
    boolean hasTime = time != null;
    if (timed[0] == null) {
      timed[0] = hasTime;
    } else if (timed[0] != hasTime) {
      throw new HistoryFormatException(
          line,
          hasTime
              ? "has a :time but earlier ops have none"
              : "missing :time (earlier ops have one)");
    }
    if (hasTime && !(time instanceof Long)) {
      throw new HistoryFormatException(line, ":time must be an integer, got " + describe(time));
    }
    Object index = m.get("index");
    if (index != null && !(index instanceof Long)) {
      throw new HistoryFormatException(line, ":index must be an integer, got " + describe(index));
    }
    int pos = position[0]++;
    b.add(
        index == null ? pos : (Long) index,
        p,
        type,
        text(f),
        key,
        value,
        hasTime ? (Long) time : pos,
        line);
  }

  private static String text(Object o) {
    return o instanceof String s ? s : Values.toJson(o);
  }

  private static String describe(Object o) {
    String s = Values.toJson(o);
    return s.length() > 60 ? s.substring(0, 57) + "..." : s;
  }

  /**
   * Whether {@code head} (the start of a file) looks like EDN rather than JSON lines: it starts
   * with {@code [}, {@code (}, {@code ;}, or a map whose first key is a keyword.
   */
  public static boolean looksLikeEdn(String head) {
    String t = head.strip();
    if (t.startsWith("\uFEFF")) {
      t = t.substring(1).strip();
    }
    if (t.startsWith("[") || t.startsWith("(") || t.startsWith(";") || t.startsWith("#")) {
      return true;
    }
    if (t.startsWith("{")) {
      String rest = t.substring(1).stripLeading();
      return rest.startsWith(":");
    }
    return false;
  }
}
