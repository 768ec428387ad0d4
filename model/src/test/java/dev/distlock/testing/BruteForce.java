package dev.distlock.testing;

import dev.distlock.history.History;
import dev.distlock.history.Op;
import dev.distlock.model.Model;
import java.util.ArrayList;
import java.util.List;

/**
 * The definition of linearizability, executed literally: try every order of the ops that respects
 * real time (op a precedes op b when a completed strictly before b was invoked), where failed ops
 * are left out, ok ops must all appear, and info ops may appear anywhere after their invoke or not
 * at all. Exponential: small histories only. Independent of the checker's code (no cache, no
 * partitioning: keys are handled by checking each key's ops separately here too, which is the
 * definition for independent objects).
 */
public final class BruteForce {
  private BruteForce() {}

  public static boolean linearizable(Model<?> model, History h) {
    for (List<Op> part : h.byKey().values()) {
      if (!linearizable(model, part)) {
        return false;
      }
    }
    return true;
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  public static boolean linearizable(Model<?> model, List<Op> ops) {
    List<Op> live = new ArrayList<>();
    for (Op op : ops) {
      if (!op.isFail()) {
        live.add(op);
      }
    }
    if (live.size() > 14) {
      throw new IllegalArgumentException("too many ops for brute force: " + live.size());
    }
    Model m = model;
    return search(m, live, new boolean[live.size()], m.init());
  }

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static boolean search(Model m, List<Op> ops, boolean[] used, Object state) {
    boolean okLeft = false;
    long minOkReturn = Long.MAX_VALUE;
    for (int i = 0; i < ops.size(); i++) {
      if (!used[i] && ops.get(i).isOk()) {
        okLeft = true;
        minOkReturn = Math.min(minOkReturn, ops.get(i).completeTime());
      }
    }
    if (!okLeft) {
      return true; // remaining info ops never happened (or happened after everything)
    }
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      // op can go next only if no remaining ok op completed strictly before op was invoked
      if (used[i] || op.invokeTime() > minOkReturn) {
        continue;
      }
      Object next = m.step(state, op);
      if (next == null) {
        continue;
      }
      used[i] = true;
      boolean found = search(m, ops, used, next);
      used[i] = false;
      if (found) {
        return true;
      }
    }
    return false;
  }
}
