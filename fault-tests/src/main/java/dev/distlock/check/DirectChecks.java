package dev.distlock.check;

import dev.distlock.SafetyProperty;
import dev.distlock.history.History;
import dev.distlock.history.Op;
import java.util.ArrayList;
import java.util.List;

/**
 * Checks that need no search: they read a property straight off the history, and name the ops that
 * break it. Times are the history's (invoke and completion as the driving JVM stamped them).
 */
public final class DirectChecks {
  private DirectChecks() {}

  /**
   * A client's belief that it holds a lock: from its acquire's ok to its release's invoke of the
   * same lock name (the op's key).
   */
  private record Hold(String key, long process, long token, long from, long to) {}

  private static List<Hold> holds(History locks) {
    List<Hold> holds = new ArrayList<>();
    List<Op> ops = locks.ops();
    for (int i = 0; i < ops.size(); i++) {
      Op a = ops.get(i);
      if (!a.f().equals("acquire") || !a.isOk()) {
        continue;
      }
      long to = Long.MAX_VALUE;
      for (int j = i + 1; j < ops.size(); j++) {
        Op r = ops.get(j);
        if (r.process() == a.process()
            && r.f().equals("release")
            && java.util.Objects.equals(r.key(), a.key())) {
          to = r.invokeTime();
          break;
        }
      }
      holds.add(
          new Hold(a.key(), a.process(), ((Number) a.output()).longValue(), a.completeTime(), to));
    }
    return holds;
  }

  /**
   * Finds two clients that believed they held the lock at the same time: the intervals from each
   * acquire's completion to the invoke of that client's next release overlap.
   *
   * @param locks the lock history
   * @return a {@link SafetyProperty#MUTUAL_EXCLUSION} finding
   */
  public static Finding overlappingHolders(History locks) {
    List<Hold> holds = holds(locks);
    for (int i = 0; i < holds.size(); i++) {
      for (int j = i + 1; j < holds.size(); j++) {
        Hold a = holds.get(i);
        Hold b = holds.get(j);
        if (a.process() != b.process()
            && java.util.Objects.equals(a.key(), b.key())
            && a.from() < b.to()
            && b.from() < a.to()) {
          return new Finding(
              "overlapping-holders",
              SafetyProperty.MUTUAL_EXCLUSION,
              PropertyVerdict.VIOLATED,
              "p"
                  + a.process()
                  + " (token "
                  + a.token()
                  + ") and p"
                  + b.process()
                  + " (token "
                  + b.token()
                  + ") both held the lock "
                  + (a.key() == null ? "" : a.key() + " ")
                  + "for "
                  + (Math.min(a.to(), b.to()) == Long.MAX_VALUE
                      ? "the rest of the run"
                      : (Math.min(a.to(), b.to()) - Math.max(a.from(), b.from())) / 1_000_000
                          + " ms"));
        }
      }
    }
    return new Finding(
        "overlapping-holders",
        SafetyProperty.MUTUAL_EXCLUSION,
        PropertyVerdict.HOLDS,
        holds.size() + " holds, none overlapping");
  }

  /**
   * Finds an acquisition that started after another one completed but got a token that is not
   * larger.
   *
   * @param locks the lock history
   * @return a {@link SafetyProperty#TOKEN_MONOTONIC} finding
   */
  public static Finding tokenOrder(History locks) {
    List<Op> acquired =
        locks.ops().stream().filter(o -> o.f().equals("acquire") && o.isOk()).toList();
    for (Op b : acquired) {
      // Compare with the largest token handed out before b began: the worst regression.
      Op max = null;
      for (Op a : acquired) {
        if (java.util.Objects.equals(a.key(), b.key())
            && a.completeTime() < b.invokeTime()
            && (max == null || token(a) > token(max))) {
          max = a;
        }
      }
      if (max != null && token(b) <= token(max)) {
        return new Finding(
            "token-order",
            SafetyProperty.TOKEN_MONOTONIC,
            PropertyVerdict.VIOLATED,
            "p"
                + b.process()
                + " acquired after p"
                + max.process()
                + " with token "
                + token(b)
                + " <= "
                + token(max));
      }
    }
    return new Finding(
        "token-order",
        SafetyProperty.TOKEN_MONOTONIC,
        PropertyVerdict.HOLDS,
        acquired.size() + " acquisitions, tokens growing in real-time order");
  }

  private static long token(Op acquire) {
    return ((Number) acquire.output()).longValue();
  }

  /**
   * Compares the final stock with the decrements: it must not be negative and must equal the
   * initial stock minus the acknowledged decrements, give or take the decrements whose outcome is
   * unknown.
   *
   * @param resource the resource history ({@code decrement} ops)
   * @param initial the stock at the start
   * @param finalStock the stock read after the run
   * @return a {@link SafetyProperty#RESOURCE_SAFETY} finding
   */
  public static Finding stock(History resource, long initial, long finalStock) {
    long acked = 0;
    long unknown = 0;
    for (Op o : resource.ops()) {
      if (!o.f().equals("decrement")) {
        continue;
      }
      if (o.isOk() && o.output() instanceof Long) {
        acked++;
      } else if (o.isInfo()) {
        unknown++;
      }
    }
    long high = initial - acked;
    long low = high - unknown;
    boolean ok = finalStock >= 0 && finalStock >= low && finalStock <= high;
    String range = unknown == 0 ? Long.toString(high) : low + ".." + high;
    return new Finding(
        "final-stock",
        SafetyProperty.RESOURCE_SAFETY,
        ok ? PropertyVerdict.HOLDS : PropertyVerdict.VIOLATED,
        "final stock "
            + finalStock
            + ", expected "
            + range
            + " (initial "
            + initial
            + ", "
            + acked
            + " acknowledged decrements, "
            + unknown
            + " unknown)");
  }
}
