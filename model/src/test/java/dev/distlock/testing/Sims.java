package dev.distlock.testing;

import dev.distlock.history.Event;
import dev.distlock.history.EventType;
import dev.distlock.history.History;
import dev.distlock.model.CasRegister;
import dev.distlock.model.Counter;
import dev.distlock.model.FencedMutex;
import dev.distlock.model.FencedRegister;
import dev.distlock.model.Model;
import dev.distlock.model.Mutex;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.SplittableRandom;

/**
 * Sequential reference implementations of each model's object, used to generate histories: run the
 * object on random ops (one at a time), give each op an interval around its instant, widen the
 * intervals randomly and interleave processes. Such a history is linearizable by construction;
 * corrupting one result usually makes it not.
 */
public final class Sims {
  private Sims() {}

  /** The outcome of one op run sequentially. */
  public record Outcome(EventType type, Object output, Object nextState) {}

  /** A sequential object plus a random op source and a corruption. */
  public interface Sim {
    String name();

    Model<?> model();

    Object init(SplittableRandom rnd);

    /** A random op for process {@code p} in state {@code s}: {f, input}. */
    Object[] nextOp(SplittableRandom rnd, Object s, long p);

    Outcome apply(Object s, long p, String f, Object input, SplittableRandom rnd);

    /** A different result for a completed op, or null if it has none to corrupt. */
    Outcome corrupt(GenOp op, SplittableRandom rnd);

    /** A corruption that makes any history invalid, or null if the model has none. */
    default Outcome surelyInvalid(GenOp op) {
      return null;
    }
  }

  /** A generated op. */
  public static final class GenOp {
    public long process;
    public String f;
    public Object input;
    public EventType type;
    public Object output;
    public long t0;
    public long t1;

    GenOp copy() {
      GenOp g = new GenOp();
      g.process = process;
      g.f = f;
      g.input = input;
      g.type = type;
      g.output = output;
      g.t0 = t0;
      g.t1 = t1;
      return g;
    }

    @Override
    public String toString() {
      return "p" + process + " " + f + " " + input + " -> " + type + " " + output + " [" + t0 + ","
          + t1 + "]";
    }
  }

  /** A generated case: the ops, and the history built from them. */
  public record Case(long seed, List<GenOp> ops) {
    public History history() {
      List<Event> ev = new ArrayList<>();
      for (GenOp g : ops) {
        ev.add(new Event(0, g.process, EventType.INVOKE, g.f, null, g.input, g.t0));
        ev.add(
            new Event(
                0, g.process, g.type, g.f, null, g.type == EventType.OK ? g.output : null, g.t1));
      }
      ev.sort((a, b) -> Long.compare(a.time(), b.time()));
      List<Event> out = new ArrayList<>();
      long i = 0;
      for (Event e : ev) {
        out.add(new Event(i++, e.process(), e.type(), e.f(), e.key(), e.value(), e.time()));
      }
      return History.of(out);
    }

    /** The same case with op {@code i} replaced. */
    public Case with(int i, Outcome o) {
      List<GenOp> copy = new ArrayList<>();
      for (GenOp g : ops) {
        copy.add(g.copy());
      }
      copy.get(i).type = o.type();
      copy.get(i).output = o.output();
      return new Case(seed, copy);
    }

    @Override
    public String toString() {
      StringBuilder sb = new StringBuilder("seed " + seed + ":\n");
      for (GenOp g : ops) {
        sb.append("  ").append(g).append('\n');
      }
      return sb.toString();
    }
  }

  /**
   * Generates a valid case: {@code n} ops by {@code procs} concurrent processes. Op {@code i} takes
   * effect at instant {@code 100 i + 50}; its interval is widened by up to {@code widen} on each
   * side, never overlapping its process's previous op. Some ops fail (did not happen) and some end
   * info (happened or not; the process is then replaced).
   */
  public static Case generate(Sim sim, long seed, int n, int procs, int widen) {
    return generate(sim, seed, n, procs, widen, 0.10);
  }

  /** As {@link #generate(Sim, long, int, int, int)}, with {@code infoRate} of ops ending info. */
  public static Case generate(Sim sim, long seed, int n, int procs, int widen, double infoRate) {
    SplittableRandom rnd = new SplittableRandom(seed);
    Object state = sim.init(rnd);
    long[] proc = new long[procs];
    long[] busyUntil = new long[procs];
    for (int i = 0; i < procs; i++) {
      proc[i] = i + 1;
      busyUntil[i] = -1;
    }
    long nextProc = procs + 1;
    List<GenOp> ops = new ArrayList<>();
    long t = 0;
    while (ops.size() < n) {
      t += 100;
      long at = t + 50;
      List<Integer> free = new ArrayList<>();
      for (int i = 0; i < procs; i++) {
        if (busyUntil[i] < at) {
          free.add(i);
        }
      }
      if (free.isEmpty()) {
        continue;
      }
      int s = free.get(rnd.nextInt(free.size()));
      long p = proc[s];
      Object[] fi = sim.nextOp(rnd, state, p);
      GenOp g = new GenOp();
      g.process = p;
      g.f = (String) fi[0];
      g.input = fi[1];
      g.t0 = Math.max(busyUntil[s] + 1, at - rnd.nextInt(widen + 1));
      g.t1 = at + rnd.nextInt(widen + 1);
      busyUntil[s] = g.t1;
      double r = rnd.nextDouble();
      if (r < 0.08) {
        // did not happen
        g.type = EventType.FAIL;
      } else {
        boolean info = r < 0.08 + infoRate;
        boolean tookEffect = !info || rnd.nextBoolean();
        if (tookEffect) {
          Outcome o = sim.apply(state, p, g.f, g.input, rnd);
          state = o.nextState();
          g.type = o.type();
          g.output = o.output();
        } else {
          g.type = EventType.INFO;
        }
        if (info) {
          g.type = EventType.INFO;
          g.output = null;
          proc[s] = nextProc++;
          busyUntil[s] = -1;
        }
      }
      ops.add(g);
    }
    return new Case(seed, ops);
  }

  public static List<Sim> all() {
    return List.of(new Register(), new Lock(false), new Lock(true), new Stock(), new Guard());
  }

  // ------------------------------------------------------------------ cas-register

  static final class Register implements Sim {
    @Override
    public String name() {
      return "cas-register";
    }

    @Override
    public Model<?> model() {
      return new CasRegister();
    }

    @Override
    public Object init(SplittableRandom rnd) {
      return null;
    }

    @Override
    public Object[] nextOp(SplittableRandom rnd, Object s, long p) {
      int r = rnd.nextInt(10);
      if (r < 4) {
        return new Object[] {"read", null};
      }
      if (r < 7) {
        return new Object[] {"write", (long) rnd.nextInt(4)};
      }
      return new Object[] {"cas", List.of((long) rnd.nextInt(4), (long) rnd.nextInt(4))};
    }

    @Override
    public Outcome apply(Object s, long p, String f, Object in, SplittableRandom rnd) {
      switch (f) {
        case "read":
          return new Outcome(EventType.OK, s, s);
        case "write":
          return new Outcome(EventType.OK, null, in);
        default:
          List<?> a = (List<?>) in;
          if (Objects.equals(s, a.get(0))) {
            return new Outcome(EventType.OK, true, a.get(1));
          }
          return new Outcome(EventType.OK, false, s);
      }
    }

    @Override
    public Outcome corrupt(GenOp op, SplittableRandom rnd) {
      if (op.type != EventType.OK) {
        return null;
      }
      switch (op.f) {
        case "read":
          {
            Object v;
            do {
              int x = rnd.nextInt(5);
              v = x == 4 ? null : (Object) (long) x;
            } while (Objects.equals(v, op.output));
            return new Outcome(EventType.OK, v, null);
          }
        case "cas":
          return new Outcome(EventType.OK, !((Boolean) op.output), null);
        default:
          return null;
      }
    }

    @Override
    public Outcome surelyInvalid(GenOp op) {
      return op.type == EventType.OK && op.f.equals("read")
          ? new Outcome(EventType.OK, 999L, null)
          : null;
    }
  }

  // ------------------------------------------------------------------ mutex / fenced-mutex

  /** State: holder (0 = free), token counter, current holder's token. */
  record LockState(long holder, long counter, long token) {}

  static final class Lock implements Sim {
    private final boolean fenced;

    Lock(boolean fenced) {
      this.fenced = fenced;
    }

    @Override
    public String name() {
      return fenced ? "fenced-mutex" : "mutex";
    }

    @Override
    public Model<?> model() {
      return fenced ? new FencedMutex() : new Mutex();
    }

    @Override
    public Object init(SplittableRandom rnd) {
      return new LockState(0, rnd.nextInt(3), 0);
    }

    @Override
    public Object[] nextOp(SplittableRandom rnd, Object s, long p) {
      LockState st = (LockState) s;
      boolean holds = st.holder() == p;
      boolean acquire = holds ? rnd.nextInt(5) == 0 : rnd.nextInt(5) != 0;
      return new Object[] {acquire ? "acquire" : "release", null};
    }

    @Override
    public Outcome apply(Object s, long p, String f, Object in, SplittableRandom rnd) {
      LockState st = (LockState) s;
      if (f.equals("acquire")) {
        if (st.holder() == 0) {
          long tok = st.counter() + 1 + rnd.nextInt(2);
          return new Outcome(EventType.OK, fenced ? tok : null, new LockState(p, tok, tok));
        }
        if (st.holder() == p) {
          return new Outcome(EventType.OK, fenced ? st.token() : null, st);
        }
        return new Outcome(EventType.FAIL, null, st);
      }
      if (st.holder() == p) {
        return new Outcome(EventType.OK, null, new LockState(0, st.counter(), 0));
      }
      return new Outcome(EventType.FAIL, null, st);
    }

    @Override
    public Outcome corrupt(GenOp op, SplittableRandom rnd) {
      if (op.type == EventType.FAIL) {
        Object out = fenced && op.f.equals("acquire") ? (long) rnd.nextInt(6) : null;
        return new Outcome(EventType.OK, out, null);
      }
      if (op.type == EventType.OK) {
        if (fenced && op.f.equals("acquire") && rnd.nextBoolean()) {
          long t;
          do {
            t = rnd.nextInt(8);
          } while (t == (Long) op.output);
          return new Outcome(EventType.OK, t, null);
        }
        return new Outcome(EventType.FAIL, null, null);
      }
      return null;
    }
  }

  // ------------------------------------------------------------------ counter

  static final class Stock implements Sim {
    static final long INITIAL = 3;

    @Override
    public String name() {
      return "counter";
    }

    @Override
    public Model<?> model() {
      return new Counter(INITIAL);
    }

    @Override
    public Object init(SplittableRandom rnd) {
      return INITIAL;
    }

    @Override
    public Object[] nextOp(SplittableRandom rnd, Object s, long p) {
      return new Object[] {rnd.nextInt(3) == 0 ? "read" : "decrement", null};
    }

    @Override
    public Outcome apply(Object s, long p, String f, Object in, SplittableRandom rnd) {
      long v = (Long) s;
      if (f.equals("read")) {
        return new Outcome(EventType.OK, v, s);
      }
      if (v > 0) {
        return new Outcome(EventType.OK, v - 1, v - 1);
      }
      return rnd.nextBoolean()
          ? new Outcome(EventType.OK, false, s)
          : new Outcome(EventType.FAIL, null, s);
    }

    @Override
    public Outcome corrupt(GenOp op, SplittableRandom rnd) {
      if (op.type != EventType.OK) {
        return null;
      }
      if (Boolean.FALSE.equals(op.output)) {
        return new Outcome(EventType.OK, 0L, null);
      }
      long v = (Long) op.output;
      int r = rnd.nextInt(3);
      if (r == 0 && op.f.equals("decrement")) {
        return new Outcome(EventType.OK, false, null);
      }
      return new Outcome(EventType.OK, r == 1 || v == 0 ? v + 1 : v - 1, null);
    }

    @Override
    public Outcome surelyInvalid(GenOp op) {
      return op.type == EventType.OK && op.f.equals("read")
          ? new Outcome(EventType.OK, INITIAL + 1, null)
          : null;
    }
  }

  // ------------------------------------------------------------------ fenced-register

  record GuardState(Object value, long max) {}

  static final class Guard implements Sim {
    @Override
    public String name() {
      return "fenced-register";
    }

    @Override
    public Model<?> model() {
      return new FencedRegister();
    }

    @Override
    public Object init(SplittableRandom rnd) {
      return new GuardState(null, 0);
    }

    @Override
    public Object[] nextOp(SplittableRandom rnd, Object s, long p) {
      GuardState g = (GuardState) s;
      long tok = Math.max(0, g.max() + rnd.nextInt(4) - 1);
      if (rnd.nextBoolean()) {
        return new Object[] {"read", List.of(tok)};
      }
      return new Object[] {"write", List.of(tok, (long) rnd.nextInt(3))};
    }

    @Override
    public Outcome apply(Object s, long p, String f, Object in, SplittableRandom rnd) {
      GuardState g = (GuardState) s;
      List<?> a = (List<?>) in;
      long tok = (Long) a.get(0);
      if (tok < g.max()) {
        return rnd.nextBoolean()
            ? new Outcome(EventType.OK, "stale", s)
            : new Outcome(EventType.FAIL, null, s);
      }
      if (f.equals("read")) {
        return new Outcome(EventType.OK, g.value(), new GuardState(g.value(), tok));
      }
      return new Outcome(EventType.OK, true, new GuardState(a.get(1), tok));
    }

    @Override
    public Outcome corrupt(GenOp op, SplittableRandom rnd) {
      if (op.type != EventType.OK) {
        return null;
      }
      if ("stale".equals(op.output)) {
        return new Outcome(
            EventType.OK, op.f.equals("read") ? (Object) (long) rnd.nextInt(3) : true, null);
      }
      if (op.f.equals("read") && rnd.nextBoolean()) {
        Object v;
        do {
          int x = rnd.nextInt(4);
          v = x == 3 ? null : (Object) (long) x;
        } while (Objects.equals(v, op.output));
        return new Outcome(EventType.OK, v, null);
      }
      return new Outcome(EventType.OK, "stale", null);
    }

    @Override
    public Outcome surelyInvalid(GenOp op) {
      return op.type == EventType.OK && op.f.equals("read") && !"stale".equals(op.output)
          ? new Outcome(EventType.OK, "never written", null)
          : null;
    }
  }
}
