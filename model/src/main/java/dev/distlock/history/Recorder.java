package dev.distlock.history;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.LongSupplier;

/**
 * Records a history as workloads run. Thread-safe.
 *
 * <pre>{@code
 * Recorder rec = Recorder.create();
 * Recorder.Pending p = rec.invoke(process, "acquire", "lock-1", null);
 * try {
 *   long token = lock.acquire();
 *   p.ok(token);
 * } catch (DefinitelyNotAcquired e) {
 *   p.fail(null);
 * } catch (Exception e) {
 *   p.info(null);   // may or may not have happened
 * }
 * rec.writeTo(Path.of("history.jsonl"));
 * }</pre>
 *
 * Timestamps come from the clock ({@link System#nanoTime()} by default, so histories recorded in
 * several JVMs on one machine can be {@linkplain History#merge merged}); they are taken under the
 * recorder's lock and never go back, so the recorded order is the time order. Values are normalized
 * with {@link Values#normalize}. A process runs one operation at a time: invoking again before
 * completing is an {@link IllegalStateException}, as is completing twice. Invokes that are still
 * pending when a history is taken count as {@code info}.
 */
public final class Recorder {
  private final LongSupplier clock;
  private final List<Event> events = new ArrayList<>();
  private final LongIntMap pending = new LongIntMap(64);
  private long lastTime = Long.MIN_VALUE;

  private Recorder(LongSupplier clock) {
    this.clock = clock;
  }

  /** A recorder on {@link System#nanoTime()}. */
  public static Recorder create() {
    return new Recorder(System::nanoTime);
  }

  /** A recorder on the given clock (nanoseconds; a clock that goes back is clamped). */
  public static Recorder create(LongSupplier clock) {
    return new Recorder(Objects.requireNonNull(clock, "clock"));
  }

  /**
   * Records the invocation of an operation.
   *
   * @param process the process performing it (one operation at a time per process)
   * @param f the operation's name
   * @param key the partition key, or null
   * @param value the argument (see {@link Values})
   * @return the handle to complete exactly once
   */
  public Pending invoke(long process, String f, String key, Object value) {
    Objects.requireNonNull(f, "f");
    Object v = Values.normalize(value);
    synchronized (this) {
      if (pending.get(process) >= 0) {
        throw new IllegalStateException(
            "process " + process + " already has an operation in progress");
      }
      int at = events.size();
      events.add(new Event(at, process, EventType.INVOKE, f, key, v, now()));
      pending.put(process, at);
      return new Pending(process, f, key);
    }
  }

  private long now() {
    long t = clock.getAsLong();
    if (t < lastTime) {
      t = lastTime;
    }
    lastTime = t;
    return t;
  }

  private synchronized void complete(Pending p, EventType type, Object value) {
    if (p.done) {
      throw new IllegalStateException("operation already completed: " + p);
    }
    p.done = true;
    pending.put(p.process, -1);
    events.add(new Event(events.size(), p.process, type, p.f, p.key, value, now()));
  }

  /** The history recorded so far (pending invokes count as info). */
  public History history() {
    List<Event> copy;
    synchronized (this) {
      copy = new ArrayList<>(events);
    }
    return History.of(copy);
  }

  /** Number of events recorded so far. */
  public synchronized int eventCount() {
    return events.size();
  }

  /** Writes the history recorded so far to a JSON-lines file. */
  public void writeTo(Path file) throws IOException {
    HistoryWriter.write(history(), file);
  }

  /** An invoked operation awaiting its completion. Complete it exactly once. */
  public final class Pending {
    private final long process;
    private final String f;
    private final String key;
    private boolean done; // guarded by the recorder

    private Pending(long process, String f, String key) {
      this.process = process;
      this.f = f;
      this.key = key;
    }

    /** It happened, with this result. */
    public void ok(Object result) {
      complete(this, EventType.OK, Values.normalize(result));
    }

    /** It definitely did not happen. */
    public void fail(Object value) {
      complete(this, EventType.FAIL, Values.normalize(value));
    }

    /** Indeterminate: it may have happened, or not. */
    public void info(Object value) {
      complete(this, EventType.INFO, Values.normalize(value));
    }

    /** The process that invoked the operation. */
    public long process() {
      return process;
    }

    @Override
    public String toString() {
      return "p" + process + " " + f + (key == null ? "" : " [" + key + "]");
    }
  }
}
