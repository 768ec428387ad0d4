package dev.distlock.history;

import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streaming writer of the JSON-lines history format (see {@link HistoryReader}): one event per
 * line, UTF-8. Not thread-safe; {@link Recorder} serializes its own writes.
 */
public final class HistoryWriter implements Closeable, Flushable {
  private final Writer out;
  private final StringBuilder sb = new StringBuilder(128);

  private HistoryWriter(Writer out) {
    this.out = out;
  }

  /** A writer to a character stream (closed with this writer). */
  public static HistoryWriter to(Writer out) {
    return new HistoryWriter(
        out instanceof BufferedWriter ? out : new BufferedWriter(out, 1 << 16));
  }

  /** A writer to a byte stream, UTF-8 (closed with this writer). */
  public static HistoryWriter to(OutputStream out) {
    return to(new OutputStreamWriter(out, StandardCharsets.UTF_8));
  }

  /** A writer to a file (created or truncated). */
  public static HistoryWriter to(Path file) throws IOException {
    return new HistoryWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8));
  }

  /** Writes a whole history to a file. */
  public static void write(History h, Path file) throws IOException {
    try (HistoryWriter w = to(file)) {
      for (Event e : h.events()) {
        w.write(e);
      }
    }
  }

  /** Writes one event as one line. */
  public HistoryWriter write(Event e) throws IOException {
    sb.setLength(0);
    sb.append("{\"index\":").append(e.index());
    sb.append(",\"process\":").append(e.process());
    sb.append(",\"type\":\"").append(e.type().json()).append('"');
    sb.append(",\"f\":");
    Values.appendJsonString(sb, e.f());
    if (e.key() != null) {
      sb.append(",\"key\":");
      Values.appendJsonString(sb, e.key());
    }
    sb.append(",\"value\":");
    Values.appendJson(sb, e.value());
    sb.append(",\"time\":").append(e.time()).append("}\n");
    out.append(sb);
    return this;
  }

  @Override
  public void flush() throws IOException {
    out.flush();
  }

  @Override
  public void close() throws IOException {
    out.close();
  }
}
