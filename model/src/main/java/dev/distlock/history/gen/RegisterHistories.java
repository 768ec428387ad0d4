package dev.distlock.history.gen;

import dev.distlock.history.Event;
import dev.distlock.history.EventType;
import dev.distlock.history.History;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Generates linearizable {@code cas-register} histories of the shapes the checker is measured on,
 * by simulating processes against an atomic register: each op takes effect at an instant between
 * its invoke and its completion, so the result is valid by construction.
 *
 * <p>A process whose op ends {@code info} (it crashed before or after the op took effect) is
 * replaced by a new process, as in Jepsen. Seeded and deterministic.
 */
public final class RegisterHistories {

  /**
   * The shape of a generated history.
   *
   * @param keys number of keys (registers); keys are named {@code k0, k1, ...} (no key when 1)
   * @param processesPerKey concurrent processes per key
   * @param opsPerKey operations per key
   * @param infoRate fraction of operations that end {@code info}
   * @param values writes and cas arguments are drawn from {@code 0 .. values-1}
   */
  public record Shape(int keys, int processesPerKey, int opsPerKey, double infoRate, int values) {
    /** ~100,000 ops over 1,000 keys, 5 processes per key, ~5% info. */
    public static Shape partitioned() {
      return new Shape(1000, 5, 100, 0.05, 5);
    }

    /** ~10,000 ops on one key with 5 processes, ~1% info. */
    public static Shape singleKey() {
      return new Shape(1, 5, 10_000, 0.01, 5);
    }

    /** ~85 ops on one key, 5 processes, many crashed (info) ops, as in Jepsen etcd tests. */
    public static Shape jepsen() {
      return new Shape(1, 5, 85, 0.25, 5);
    }

    /** One key, 10 processes, many info ops: too many interleavings to decide quickly. */
    public static Shape pathological() {
      return new Shape(1, 10, 20_000, 0.3, 1_000_000);
    }
  }

  private RegisterHistories() {}

  /**
   * Writes a generated history: {@code java -cp distlock-checker.jar
   * dev.distlock.history.gen.RegisterHistories SHAPE SEED OUT.jsonl} with SHAPE one of {@code
   * partitioned}, {@code single-key}, {@code jepsen}, {@code pathological}.
   */
  public static void main(String[] args) throws java.io.IOException {
    if (args.length != 3) {
      System.err.println(
          "usage: RegisterHistories partitioned|single-key|jepsen|pathological SEED OUT.jsonl");
      System.exit(2);
    }
    Shape shape;
    switch (args[0]) {
      case "partitioned":
        shape = Shape.partitioned();
        break;
      case "single-key":
        shape = Shape.singleKey();
        break;
      case "jepsen":
        shape = Shape.jepsen();
        break;
      case "pathological":
        shape = Shape.pathological();
        break;
      default:
        System.err.println("unknown shape " + args[0]);
        System.exit(2);
        return;
    }
    History h = generate(shape, Long.parseLong(args[1]));
    dev.distlock.history.HistoryWriter.write(h, java.nio.file.Path.of(args[2]));
    System.err.println(
        "wrote " + h.size() + " ops, " + h.events().size() + " events to " + args[2]);
  }

  /** A valid history of the given shape. */
  public static History generate(Shape shape, long seed) {
    return History.of(events(shape, seed));
  }

  /** The events of a valid history of the given shape, in time order. */
  public static List<Event> events(Shape shape, long seed) {
    SplittableRandom rnd = new SplittableRandom(seed);
    int slots = shape.keys() * shape.processesPerKey();
    long[] process = new long[slots];
    int[] phase = new int[slots]; // 0 idle, 1 invoked, 2 took effect
    String[] f = new String[slots];
    Object[] input = new Object[slots];
    Object[] output = new Object[slots];
    Object[] register = new Object[shape.keys()];
    int[] remaining = new int[shape.keys()];
    int[] active = new int[slots];
    for (int i = 0; i < slots; i++) {
      process[i] = i;
      active[i] = i;
    }
    java.util.Arrays.fill(remaining, shape.opsPerKey());
    int activeCount = slots;
    long nextProcess = slots;
    long time = 1_000_000;
    long index = 0;
    List<Event> out = new ArrayList<>(shape.keys() * shape.opsPerKey() * 2);
    String[] keyNames = new String[shape.keys()];
    for (int k = 0; k < shape.keys(); k++) {
      keyNames[k] = shape.keys() == 1 ? null : "k" + k;
    }
    while (activeCount > 0) {
      int a = rnd.nextInt(activeCount);
      int s = active[a];
      int k = s / shape.processesPerKey();
      time += 1 + rnd.nextInt(1000);
      switch (phase[s]) {
        case 0:
          {
            if (remaining[k] == 0) {
              active[a] = active[--activeCount];
              continue;
            }
            remaining[k]--;
            int r = rnd.nextInt(10);
            if (r < 4) {
              f[s] = "read";
              input[s] = null;
            } else if (r < 7) {
              f[s] = "write";
              input[s] = (long) rnd.nextInt(shape.values());
            } else {
              f[s] = "cas";
              input[s] =
                  List.of((long) rnd.nextInt(shape.values()), (long) rnd.nextInt(shape.values()));
            }
            out.add(
                new Event(
                    index++, process[s], EventType.INVOKE, f[s], keyNames[k], input[s], time));
            phase[s] = 1;
            break;
          }
        case 1:
          if (rnd.nextDouble() < shape.infoRate() / 2) {
            crash(out, index++, process, s, f, keyNames[k], time, phase);
            process[s] = nextProcess++;
            break;
          }
          output[s] = apply(register, k, f[s], input[s]);
          phase[s] = 2;
          break;
        default:
          if (rnd.nextDouble() < shape.infoRate() / 2) {
            crash(out, index++, process, s, f, keyNames[k], time, phase);
            process[s] = nextProcess++;
            break;
          }
          out.add(new Event(index++, process[s], EventType.OK, f[s], keyNames[k], output[s], time));
          phase[s] = 0;
      }
    }
    return out;
  }

  private static void crash(
      List<Event> out,
      long index,
      long[] process,
      int s,
      String[] f,
      String key,
      long time,
      int[] phase) {
    out.add(new Event(index, process[s], EventType.INFO, f[s], key, null, time));
    phase[s] = 0;
  }

  private static Object apply(Object[] register, int k, String f, Object input) {
    switch (f) {
      case "read":
        return register[k];
      case "write":
        register[k] = input;
        return null;
      default:
        {
          List<?> args = (List<?>) input;
          if (java.util.Objects.equals(register[k], args.get(0))) {
            register[k] = args.get(1);
            return true;
          }
          return false;
        }
    }
  }
}
