package dev.distlock.checker;

import dev.distlock.history.Op;
import dev.distlock.model.Model;
import java.util.SplittableRandom;

/**
 * The Wing–Gong–Lowe search for one partition: a doubly linked list of call and return entries in
 * primitive arrays, a bitset of linearized ops, and a cache of visited (bitset, state)
 * configurations.
 *
 * <p>Entries: the call of op {@code i} is entry {@code i}; the return of an ok op {@code i} is
 * entry {@code n + i}; info ops have no return entry (they have no deadline and never have to be
 * linearized, so the search succeeds as soon as every ok op is linearized). The head sentinel is
 * entry {@code 2n}. Ops are numbered in call order.
 */
final class Wgl {
  private static final int NIL = -1;

  /** The outcome of one search. */
  static final class Outcome {
    Verdict verdict;
    String reason;
    int[] prefix;
    int blocking = -1;
    Object stateAtFailure;
    long configurations;
  }

  private Wgl() {}

  /**
   * Searches for a linearization of {@code ops} (ok and info only, sorted by invoke time).
   *
   * @param model the model
   * @param ops the ops, sorted by invoke time
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  static Outcome search(Model model, Op[] ops, Limits limits) {
    final int n = ops.length;
    final int head = 2 * n;
    final int[] next = new int[2 * n + 1];
    final int[] prev = new int[2 * n + 1];
    final boolean[] info = new boolean[n];
    buildList(ops, n, next, prev, info);

    // Ok ops and info ops are numbered separately (in call order) for their two bitsets.
    final int[] bitIndex = new int[n];
    int okCount = 0;
    int infoCount = 0;
    for (int i = 0; i < n; i++) {
      bitIndex[i] = info[i] ? infoCount++ : okCount++;
    }
    // Symmetry: identical info ops (same f and input, and same process when the model looks at
    // processes) are interchangeable; an info op is linearized only after its earlier twin.
    final int[] twin = new int[n];
    java.util.Arrays.fill(twin, -1);
    if (infoCount > 1) {
      java.util.Map<Object, Integer> lastTwin = new java.util.HashMap<>();
      boolean byProcess = model.dependsOnProcess();
      for (int i = 0; i < n; i++) {
        if (info[i]) {
          Op o = ops[i];
          Object k =
              byProcess
                  ? java.util.Arrays.asList(o.f(), o.input(), o.process())
                  : java.util.Arrays.asList(o.f(), o.input());
          Integer prevTwin = lastTwin.put(k, i);
          if (prevTwin != null) {
            twin[i] = bitIndex[prevTwin];
          }
        }
      }
    }
    final long[] zob = new long[n];
    SplittableRandom rnd = new SplittableRandom(0x9E3779B97F4A7C15L ^ n);
    for (int i = 0; i < n; i++) {
      zob[i] = info[i] ? 0 : rnd.nextLong();
    }
    final int okWordCount = (okCount + 63) >>> 6;
    final long[] okWords = new long[Math.max(1, okWordCount)];
    final long[] infoWords = new long[Math.max(1, (infoCount + 63) >>> 6)];
    int full = 0;
    int okHi = 0;
    int infoHi = 0;

    final int[] stackOp = new int[n];
    final Object[] stackState = new Object[n];
    int depth = 0;

    final int[] best = new int[n];
    int bestDepth = -1;
    int lowWater = 0;
    int bestBlocking = -1;
    Object bestState = null;

    StateCache cache = new StateCache(Math.min(n + 16, 1 << 20));
    long reserved = 0;
    Outcome out = new Outcome();

    Object state = model.init();
    long hash = 0;
    int entry = next[head];
    // Candidates are tried in two passes over the window before the first pending return: ok
    // calls first, then info calls, so configurations with fewer info ops come first and
    // subsume the others.
    boolean infoPass = false;
    int infoLinearized = 0;
    int iter = 0;
    try {
      while (true) {
        if ((++iter & 0x3FF) == 0) {
          if (limits.timeUp()) {
            out.verdict = Verdict.UNKNOWN;
            out.reason = limits.cancelled() ? "cancelled" : "timeout";
            return out;
          }
          long need = cache.bytes() - reserved;
          if (need > 0) {
            long chunk = Math.max(need, Limits.CHUNK);
            if (!limits.reserve(chunk)) {
              out.verdict = Verdict.UNKNOWN;
              out.reason = "memory";
              return out;
            }
            reserved += chunk;
          }
        }
        if (entry == NIL) {
          // Every ok op is linearized; what is left are info ops, which need not be.
          out.verdict = Verdict.VALID;
          return out;
        }
        if (entry < n) {
          final int op = entry;
          final boolean isInfo = info[op];
          if (isInfo != infoPass) {
            entry = next[entry];
            continue;
          }
          if (isInfo) {
            final int tw = twin[op];
            if (tw >= 0 && (infoWords[tw >>> 6] & (1L << tw)) == 0) {
              entry = next[entry];
              continue;
            }
          }
          Object ns = model.step(state, ops[op]);
          if (ns != null && !(isInfo && ns.equals(state))) {
            final int b = bitIndex[op];
            final int w = b >>> 6;
            final long bit = 1L << b;
            int nfull = full;
            int nOkHi = okHi;
            int nInfoHi = infoHi;
            long nh = hash;
            if (isInfo) {
              infoWords[w] |= bit;
              if (w > nInfoHi) {
                nInfoHi = w;
              }
            } else {
              okWords[w] |= bit;
              if (w == nfull) {
                while (nfull < okWordCount && okWords[nfull] == -1L) {
                  nfull++;
                }
              }
              if (w > nOkHi) {
                nOkHi = w;
              }
              nh ^= zob[op];
            }
            long key = nh ^ (ns.hashCode() * 0xC2B2AE3D27D4EB4FL);
            if (cache.add(okWords, nfull, nOkHi, infoWords, nInfoHi, key, ns)) {
              stackOp[depth] = op;
              stackState[depth] = state;
              depth++;
              state = ns;
              hash = nh;
              full = nfull;
              okHi = nOkHi;
              infoHi = nInfoHi;
              if (isInfo) {
                infoLinearized++;
              }
              // lift the call (and its return)
              int pc = prev[op];
              int nc = next[op];
              next[pc] = nc;
              if (nc != NIL) {
                prev[nc] = pc;
              }
              if (!isInfo) {
                int r = n + op;
                int pr = prev[r];
                int nr = next[r];
                next[pr] = nr;
                if (nr != NIL) {
                  prev[nr] = pr;
                }
              }
              entry = next[head];
              infoPass = false;
              continue;
            }
            if (isInfo) {
              infoWords[w] &= ~bit;
            } else {
              okWords[w] &= ~bit;
            }
          }
          entry = next[entry];
        } else {
          // The return of an op that is not linearized yet ends the window.
          if (!infoPass && infoLinearized < infoCount) {
            infoPass = true;
            entry = next[head];
            continue;
          }
          // Nothing more to try here: backtrack.
          if (depth > bestDepth) {
            if (lowWater < depth) {
              System.arraycopy(stackOp, lowWater, best, lowWater, depth - lowWater);
            }
            bestDepth = depth;
            lowWater = depth;
            bestBlocking = entry - n;
            bestState = state;
          }
          if (depth == 0) {
            out.verdict = Verdict.INVALID;
            break;
          }
          depth--;
          if (depth < lowWater) {
            lowWater = depth;
          }
          final int op = stackOp[depth];
          state = stackState[depth];
          stackState[depth] = null;
          final int b = bitIndex[op];
          final int w = b >>> 6;
          if (info[op]) {
            infoWords[w] &= ~(1L << b);
            infoLinearized--;
          } else {
            okWords[w] &= ~(1L << b);
            if (w < full) {
              full = w;
            }
            hash ^= zob[op];
          }
          // unlift: return first, then call
          if (!info[op]) {
            int r = n + op;
            next[prev[r]] = r;
            if (next[r] != NIL) {
              prev[next[r]] = r;
            }
          }
          next[prev[op]] = op;
          if (next[op] != NIL) {
            prev[next[op]] = op;
          }
          entry = next[op];
          infoPass = info[op];
        }
      }
      out.prefix = java.util.Arrays.copyOf(best, Math.max(0, bestDepth));
      out.blocking = bestBlocking;
      out.stateAtFailure = bestState;
      return out;
    } finally {
      out.configurations = cache.size();
      limits.release(reserved);
    }
  }

  private static void buildList(Op[] ops, int n, int[] next, int[] prev, boolean[] info) {
    int okCount = 0;
    long[] retTime = new long[n];
    for (int i = 0; i < n; i++) {
      info[i] = ops[i].isInfo();
      if (!info[i]) {
        okCount++;
      }
      retTime[i] = ops[i].completeTime();
    }
    int[] rets = new int[okCount];
    int k = 0;
    for (int i = 0; i < n; i++) {
      if (!info[i]) {
        rets[k++] = i;
      }
    }
    Sorts.sortByKey(rets, okCount, retTime);
    // Merge calls (in op order = invoke-time order) and returns; at equal times calls go first,
    // so ops that touch at one instant count as concurrent.
    int head = 2 * n;
    int last = head;
    int c = 0;
    int r = 0;
    while (c < n || r < okCount) {
      int e;
      if (r >= okCount || (c < n && ops[c].invokeTime() <= retTime[rets[r]])) {
        e = c++;
      } else {
        e = n + rets[r++];
      }
      next[last] = e;
      prev[e] = last;
      last = e;
    }
    next[last] = NIL;
    prev[head] = NIL;
  }
}
