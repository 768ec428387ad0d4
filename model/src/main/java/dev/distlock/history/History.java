package dev.distlock.history;

import java.util.AbstractList;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.RandomAccess;

/**
 * An immutable, validated history: its operations, and its events in their original order.
 *
 * <p>Well-formedness (checked when a history is built, reported with the 1-based line number):
 *
 * <ul>
 *   <li>every completion ({@code ok}, {@code fail}, {@code info}) completes the pending invoke of
 *       its process: a completion with no pending invoke, including a second completion of one
 *       invoke, is an error;
 *   <li>a process has at most one pending invoke;
 *   <li>a completion has the {@code f} of its invoke, and its {@code key} is absent or equal;
 *   <li>times never go back within one process.
 * </ul>
 *
 * An invoke that never completes is an {@code info} op: it may have happened at any time after its
 * invocation, or never.
 */
public final class History {
  private final List<Op> ops;
  private final int[] seq; // event position -> op * 2 + (completion ? 1 : 0)
  private final Object[] infoValues; // value of each op's info completion (null otherwise)

  private History(List<Op> ops, int[] seq, Object[] infoValues) {
    this.ops = ops;
    this.seq = seq;
    this.infoValues = infoValues;
  }

  /**
   * Validates {@code events} (in order) and builds the history.
   *
   * @throws HistoryFormatException naming the 1-based position of the first bad event
   */
  public static History of(List<Event> events) {
    Builder b = new Builder();
    long line = 0;
    for (Event e : events) {
      b.add(e, ++line);
    }
    return b.build();
  }

  /** The empty history. */
  public static History empty() {
    return new Builder().build();
  }

  /**
   * Merges histories recorded separately (e.g. in several JVMs sharing the monotonic clock) into
   * one, ordered by time; indices are renumbered. Process ids must not clash.
   */
  public static History merge(List<History> parts) {
    List<Event> all = new ArrayList<>();
    for (History h : parts) {
      all.addAll(h.events());
    }
    // Stable sort: within one history the order (and each process's order) is preserved.
    all.sort(Comparator.comparingLong(Event::time));
    List<Event> renumbered = new ArrayList<>(all.size());
    long i = 0;
    for (Event e : all) {
      renumbered.add(new Event(i++, e.process(), e.type(), e.f(), e.key(), e.value(), e.time()));
    }
    return of(renumbered);
  }

  /** The events, in their original order (a view built on demand). */
  public List<Event> events() {
    return new Events();
  }

  private final class Events extends AbstractList<Event> implements RandomAccess {
    @Override
    public Event get(int i) {
      int s = seq[i];
      Op op = ops.get(s >>> 1);
      if ((s & 1) == 0) {
        return new Event(
            op.invokeIndex(),
            op.process(),
            EventType.INVOKE,
            op.f(),
            op.key(),
            op.input(),
            op.invokeTime());
      }
      Object v = op.isInfo() ? infoValues[op.id()] : op.output();
      return new Event(
          op.completeIndex(), op.process(), op.type(), op.f(), op.key(), v, op.completeTime());
    }

    @Override
    public int size() {
      return seq.length;
    }
  }

  /** The operations, in invoke order; {@link Op#id()} is the position in this list. */
  public List<Op> ops() {
    return ops;
  }

  /** Number of operations. */
  public int size() {
    return ops.size();
  }

  /**
   * The operations grouped by key (null for ops without a key), keys in order of first appearance.
   */
  public Map<String, List<Op>> byKey() {
    return partition(ops);
  }

  /** Groups {@code ops} by key (null for ops without a key), keys in order of first appearance. */
  public static Map<String, List<Op>> partition(List<Op> ops) {
    Map<String, List<Op>> m = new LinkedHashMap<>();
    for (Op op : ops) {
      m.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    return m;
  }

  @Override
  public String toString() {
    return "History[" + seq.length + " events, " + ops.size() + " ops]";
  }

  /**
   * Builds a history event by event, validating as it goes. Used by {@link HistoryReader} (which
   * passes file line numbers) and {@link #of(List)}.
   */
  public static final class Builder {
    private final LongIntMap lastOpByProcess = new LongIntMap(64);
    private int[] seq = new int[128];
    private int events;
    // Per-op columns (grown by doubling).
    private int n;
    private long[] process = new long[64];
    private String[] f = new String[64];
    private String[] key = new String[64];
    private Object[] input = new Object[64];
    private Object[] output = new Object[64];
    private EventType[] type = new EventType[64];
    private long[] invokeTime = new long[64];
    private long[] completeTime = new long[64];
    private long[] invokeIndex = new long[64];
    private long[] completeIndex = new long[64];
    private long[] invokeLine = new long[64];
    private long[] completeLine = new long[64];
    private boolean built;

    /** A new, empty builder. */
    public Builder() {}

    /**
     * Adds the next event.
     *
     * @param line the 1-based line number to report if the event is malformed
     * @throws HistoryFormatException if the event does not fit the history so far
     */
    public Builder add(Event e, long line) {
      return add(e.index(), e.process(), e.type(), e.f(), e.key(), e.value(), e.time(), line);
    }

    Builder add(
        long index,
        long p,
        EventType et,
        String ef,
        String ekey,
        Object value,
        long time,
        long line) {
      if (built) {
        throw new IllegalStateException("already built");
      }
      Objects.requireNonNull(et, "type");
      Objects.requireNonNull(ef, "f");
      if (!Values.isCanonical(value)) {
        value = Values.normalize(value);
      }
      int last = lastOpByProcess.get(p);
      boolean pending = last >= 0 && completeLine[last] < 0;
      if (last >= 0) {
        long prevTime = pending ? invokeTime[last] : completeTime[last];
        if (time < prevTime) {
          throw new HistoryFormatException(
              line,
              "time "
                  + time
                  + " of process "
                  + p
                  + " goes back from "
                  + prevTime
                  + " (its previous event, line "
                  + (pending ? invokeLine[last] : completeLine[last])
                  + ")");
        }
      }
      if (et == EventType.INVOKE) {
        if (pending) {
          throw new HistoryFormatException(
              line,
              "process "
                  + p
                  + " invokes "
                  + ef
                  + " while its "
                  + f[last]
                  + " invoked at line "
                  + invokeLine[last]
                  + " has not completed (a process runs one operation at a time)");
        }
        if (n == process.length) {
          grow();
        }
        int i = n++;
        process[i] = p;
        f[i] = ef;
        key[i] = ekey;
        input[i] = value;
        type[i] = EventType.INFO;
        invokeTime[i] = time;
        completeTime[i] = Long.MAX_VALUE;
        invokeIndex[i] = index;
        completeIndex[i] = -1;
        invokeLine[i] = line;
        completeLine[i] = -1;
        lastOpByProcess.put(p, i);
        addSeq(i * 2);
      } else {
        if (!pending) {
          if (last >= 0) {
            throw new HistoryFormatException(
                line,
                et.json()
                    + " of process "
                    + p
                    + " has no pending invoke: its last invoke (line "
                    + invokeLine[last]
                    + ") was already completed at line "
                    + completeLine[last]);
          }
          throw new HistoryFormatException(
              line,
              et.json() + " of process " + p + " without an invoke (a completion without invoke)");
        }
        int i = last;
        if (!f[i].equals(ef)) {
          throw new HistoryFormatException(
              line,
              et.json()
                  + " has f \""
                  + ef
                  + "\" but its invoke (line "
                  + invokeLine[i]
                  + ") has f \""
                  + f[i]
                  + "\"");
        }
        if (ekey != null && !ekey.equals(key[i])) {
          throw new HistoryFormatException(
              line,
              et.json()
                  + " has key \""
                  + ekey
                  + "\" but its invoke (line "
                  + invokeLine[i]
                  + ") has key "
                  + (key[i] == null ? "none" : "\"" + key[i] + "\""));
        }
        type[i] = et;
        output[i] = value;
        completeTime[i] = time;
        completeIndex[i] = index;
        completeLine[i] = line;
        addSeq(i * 2 + 1);
      }
      return this;
    }

    private void addSeq(int s) {
      if (events == seq.length) {
        seq = Arrays.copyOf(seq, seq.length * 2);
      }
      seq[events++] = s;
    }

    private void grow() {
      int c = process.length * 2;
      process = Arrays.copyOf(process, c);
      f = Arrays.copyOf(f, c);
      key = Arrays.copyOf(key, c);
      input = Arrays.copyOf(input, c);
      output = Arrays.copyOf(output, c);
      type = Arrays.copyOf(type, c);
      invokeTime = Arrays.copyOf(invokeTime, c);
      completeTime = Arrays.copyOf(completeTime, c);
      invokeIndex = Arrays.copyOf(invokeIndex, c);
      completeIndex = Arrays.copyOf(completeIndex, c);
      invokeLine = Arrays.copyOf(invokeLine, c);
      completeLine = Arrays.copyOf(completeLine, c);
    }

    /** Number of events added so far. */
    public int eventCount() {
      return events;
    }

    /** Builds the history; invokes without a completion become info ops. */
    public History build() {
      built = true;
      Op[] ops = new Op[n];
      Object[] infoValues = new Object[n];
      for (int i = 0; i < n; i++) {
        boolean info = type[i] == EventType.INFO;
        if (info) {
          infoValues[i] = output[i];
        }
        ops[i] =
            new Op(
                i,
                process[i],
                f[i],
                key[i],
                input[i],
                info ? null : output[i],
                type[i],
                invokeTime[i],
                completeTime[i],
                invokeIndex[i],
                completeIndex[i]);
      }
      return new History(
          Collections.unmodifiableList(Arrays.asList(ops)), Arrays.copyOf(seq, events), infoValues);
    }
  }
}
