package dev.distlock.history;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streaming reader of the JSON-lines history format (one object per line):
 *
 * <pre>{"index":0,"process":3,"type":"invoke","f":"cas","key":"r1","value":[1,2],"time":1200}</pre>
 *
 * <ul>
 *   <li>{@code process} (integer), {@code type} ({@code invoke|ok|fail|info}) and {@code f}
 *       (string) are required;
 *   <li>{@code key} is an optional string (absent or null = no key);
 *   <li>{@code value} is any JSON value (absent = null), mapped as described in {@link Values};
 *   <li>{@code time} is an integer (nanoseconds, monotonic). It is required, except that a history
 *       where no line has a time is read in line order (time = position);
 *   <li>{@code index} is an optional integer (absent = position of the event);
 *   <li>other fields are ignored; blank lines are skipped; input is UTF-8.
 * </ul>
 *
 * Anything else (bad JSON, two objects on a line, an unknown type, a wrongly typed or missing
 * field) is a {@link HistoryFormatException} with the line number. {@link #next()} streams the raw
 * events; {@link #readAll()} and {@link #read(Path)} also validate the history (see {@link
 * History}).
 */
public final class HistoryReader implements Closeable {
  private final InputStream in;
  private byte[] buf = new byte[1 << 16];
  private int start;
  private int limit;
  private int scanFrom;
  private boolean eof;
  private boolean first = true;
  private long lineNo;
  private int lineStart;
  private int lineEnd;
  private long position;
  private int timed = -1; // -1 unknown, 0 untimed, 1 timed
  private final LineParser p = new LineParser();

  private HistoryReader(InputStream in) {
    this.in = in;
  }

  /** A reader over a UTF-8 byte stream. The stream is closed with the reader. */
  public static HistoryReader open(InputStream in) {
    return new HistoryReader(in);
  }

  /** A reader over a file. */
  public static HistoryReader open(Path file) throws IOException {
    return new HistoryReader(Files.newInputStream(file));
  }

  /** Reads and validates a whole history file. */
  public static History read(Path file) throws IOException {
    try (HistoryReader r = open(file)) {
      return r.readAll();
    }
  }

  /** Reads and validates a whole history from a string (tests, small inputs). */
  public static History parse(String jsonLines) {
    try (HistoryReader r =
        open(new ByteArrayInputStream(jsonLines.getBytes(StandardCharsets.UTF_8)))) {
      return r.readAll();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Reads the remaining events and validates them into a history. */
  public History readAll() throws IOException {
    History.Builder b = new History.Builder();
    while (advance()) {
      b.add(
          p.hasIndex ? p.index : position - 1,
          p.process,
          p.type,
          p.f,
          p.key,
          p.value,
          p.time,
          lineNo);
    }
    return b.build();
  }

  /** The 1-based line number of the event last read. */
  public long line() {
    return lineNo;
  }

  /**
   * The next event, or null at the end of the input.
   *
   * @throws HistoryFormatException if the next line is malformed
   */
  public Event next() throws IOException {
    if (!advance()) {
      return null;
    }
    return new Event(
        p.hasIndex ? p.index : position - 1, p.process, p.type, p.f, p.key, p.value, p.time);
  }

  private boolean advance() throws IOException {
    if (!nextLine()) {
      return false;
    }
    p.parse(buf, lineStart, lineEnd, lineNo);
    if (!p.hasProcess) {
      throw new HistoryFormatException(lineNo, "missing \"process\"");
    }
    if (p.type == null) {
      throw new HistoryFormatException(lineNo, "missing \"type\"");
    }
    if (p.f == null) {
      throw new HistoryFormatException(lineNo, "missing \"f\"");
    }
    if (timed < 0) {
      timed = p.hasTime ? 1 : 0;
    }
    if (p.hasTime != (timed == 1)) {
      throw new HistoryFormatException(
          lineNo,
          p.hasTime
              ? "has a \"time\" but earlier lines have none"
              : "missing \"time\" (earlier lines have one)");
    }
    if (!p.hasTime) {
      p.time = position;
    }
    position++;
    return true;
  }

  /** Finds the next non-blank line: sets lineStart/lineEnd/lineNo. */
  private boolean nextLine() throws IOException {
    while (true) {
      int nl = -1;
      for (int i = scanFrom; i < limit; i++) {
        if (buf[i] == '\n') {
          nl = i;
          break;
        }
      }
      int s;
      int e;
      if (nl < 0) {
        if (!eof) {
          scanFrom = limit;
          fill();
          continue;
        }
        if (start >= limit) {
          return false;
        }
        s = start;
        e = limit;
        start = limit;
      } else {
        s = start;
        e = nl;
        start = nl + 1;
      }
      scanFrom = start;
      lineNo++;
      if (first) {
        first = false;
        if (e - s >= 3
            && buf[s] == (byte) 0xEF
            && buf[s + 1] == (byte) 0xBB
            && buf[s + 2] == (byte) 0xBF) {
          s += 3;
        }
      }
      for (int i = s; i < e; i++) {
        byte c = buf[i];
        if (c != ' ' && c != '\t' && c != '\r') {
          lineStart = s;
          lineEnd = e;
          return true;
        }
      }
    }
  }

  private void fill() throws IOException {
    if (start > 0) {
      int len = limit - start;
      System.arraycopy(buf, start, buf, 0, len);
      scanFrom -= start;
      limit = len;
      start = 0;
    }
    if (limit == buf.length) {
      buf = java.util.Arrays.copyOf(buf, buf.length * 2);
    }
    int n = in.read(buf, limit, buf.length - limit);
    if (n < 0) {
      eof = true;
    } else {
      limit += n;
    }
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
