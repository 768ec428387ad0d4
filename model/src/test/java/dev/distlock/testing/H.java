package dev.distlock.testing;

import dev.distlock.history.Event;
import dev.distlock.history.EventType;
import dev.distlock.history.History;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny DSL for textbook histories: each op is an interval on one process. Events are ordered by
 * time (stable, so list a process's ops in order).
 */
public final class H {
  private final List<Event> events = new ArrayList<>();
  private final String key;

  private H(String key) {
    this.key = key;
  }

  public static H h() {
    return new H(null);
  }

  public static H onKey(String key) {
    return new H(key);
  }

  /** An ok op: invoked at {@code t0}, completed ok at {@code t1} with {@code out}. */
  public H ok(long p, String f, Object in, Object out, long t0, long t1) {
    return op(p, f, in, EventType.OK, out, t0, t1);
  }

  /** A failed op. */
  public H fail(long p, String f, Object in, long t0, long t1) {
    return op(p, f, in, EventType.FAIL, null, t0, t1);
  }

  /** An info op with an info completion at {@code t1}. */
  public H info(long p, String f, Object in, long t0, long t1) {
    return op(p, f, in, EventType.INFO, null, t0, t1);
  }

  /** An invoke that never completes. */
  public H pending(long p, String f, Object in, long t0) {
    events.add(new Event(0, p, EventType.INVOKE, f, key, in, t0));
    return this;
  }

  public H op(long p, String f, Object in, EventType type, Object out, long t0, long t1) {
    events.add(new Event(0, p, EventType.INVOKE, f, key, in, t0));
    events.add(new Event(0, p, type, f, key, out, t1));
    return this;
  }

  /** Adds all events of another builder (for multi-key histories). */
  public H and(H other) {
    events.addAll(other.events);
    return this;
  }

  public List<Event> events() {
    List<Event> sorted = new ArrayList<>(events);
    sorted.sort((a, b) -> Long.compare(a.time(), b.time()));
    List<Event> out = new ArrayList<>();
    long i = 0;
    for (Event e : sorted) {
      out.add(new Event(i++, e.process(), e.type(), e.f(), e.key(), e.value(), e.time()));
    }
    return out;
  }

  public History build() {
    return History.of(events());
  }
}
