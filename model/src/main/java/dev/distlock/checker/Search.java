package dev.distlock.checker;

import dev.distlock.history.Op;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The Wing–Gong–Lowe search for one partition, resumable: {@link #run} searches until a verdict, a
 * stop signal or the end of its time slice, and can be called again to go on where it stopped, so a
 * scheduler can time-slice many partitions on few threads.
 *
 * <p>Representation: a doubly linked list of call and return entries in primitive arrays, a bitset
 * of linearized ops, and a cache of visited (bitset, state) configurations. The call of op {@code
 * i} is entry {@code i}; the return of an ok op {@code i} is entry {@code n + i}; info ops have no
 * return entry (they have no deadline and never have to be linearized, so the search succeeds as
 * soon as every ok op is linearized). The head sentinel is entry {@code 2n}. Ops are numbered in
 * call order.
 *
 * <p>Not thread-safe: one thread at a time (the scheduler hands it from thread to thread with a
 * happens-before edge).
 */
final class Search {
  private static final int NIL = -1;

  private final Stepper model;
  private final Op[] ops;
  private final Limits limits;
  private final int n;
  private final int head;
  private final int[] next;
  private final int[] prev;
  private final boolean[] info;
  private final int[] bitIndex;
  private final int[] twin;
  private final long[] zob;
  private final int okWordCount;
  private final int infoCount;
  private final long[] okWords;
  private final long[] infoWords;
  private final int[] stackOp;
  private final Object[] stackState;
  private final int[] best;
  private StateCache cache;

  // The search position, saved between slices.
  private int full;
  private int okHi;
  private int infoHi;
  private int depth;
  private int bestDepth = -1;
  private int lowWater;
  private int bestBlocking = -1;
  private Object bestState;
  private long reserved;
  private Object state;
  private long hash;
  private int entry;
  private boolean infoPass;
  private int infoLinearized;

  // The outcome.
  Verdict verdict;
  String reason;
  int[] prefix;
  int blocking = -1;
  Object stateAtFailure;
  long configurations;

  /**
   * Prepares a search of {@code ops} (ok and info only, sorted by invoke time) from {@code init}.
   */
  Search(Stepper model, Op[] ops, Object init, Limits limits) {
    this.model = model;
    this.ops = ops;
    this.limits = limits;
    n = ops.length;
    head = 2 * n;
    next = new int[2 * n + 1];
    prev = new int[2 * n + 1];
    info = new boolean[n];
    buildList();
    // Ok ops and info ops are numbered separately (in call order) for their two bitsets.
    bitIndex = new int[n];
    int okCount = 0;
    int infos = 0;
    for (int i = 0; i < n; i++) {
      bitIndex[i] = info[i] ? infos++ : okCount++;
    }
    infoCount = infos;
    // Symmetry: identical info ops (same f and input, and same process when the model looks at
    // processes) are interchangeable; an info op is linearized only after its earlier twin.
    twin = new int[n];
    Arrays.fill(twin, -1);
    if (infoCount > 1) {
      Map<Object, Integer> lastTwin = new HashMap<>();
      boolean byProcess = model.dependsOnProcess();
      for (int i = 0; i < n; i++) {
        if (info[i]) {
          Op o = ops[i];
          Object k =
              byProcess
                  ? Arrays.asList(o.f(), o.input(), o.process())
                  : Arrays.asList(o.f(), o.input());
          Integer prevTwin = lastTwin.put(k, i);
          if (prevTwin != null) {
            twin[i] = bitIndex[prevTwin];
          }
        }
      }
    }
    zob = new long[n];
    SplittableRandom rnd = new SplittableRandom(0x9E3779B97F4A7C15L ^ n);
    for (int i = 0; i < n; i++) {
      zob[i] = info[i] ? 0 : rnd.nextLong();
    }
    okWordCount = (okCount + 63) >>> 6;
    okWords = new long[Math.max(1, okWordCount)];
    infoWords = new long[Math.max(1, (infoCount + 63) >>> 6)];
    stackOp = new int[n];
    stackState = new Object[n];
    best = new int[n];
    cache = new StateCache(Math.min(n + 16, 1 << 16), model);
    state = init;
    entry = next[head];
  }

  /**
   * Searches until a verdict, a stop signal, or {@code sliceEnd} ({@link System#nanoTime()}).
   *
   * @return the verdict, or null if the slice ended first (call again to go on)
   */
  Verdict run(long sliceEnd) {
    // Hot fields in locals for the loop; written back when the slice ends.
    final int[] next = this.next;
    final int[] prev = this.prev;
    final boolean[] info = this.info;
    final int n = this.n;
    final int head = this.head;
    int full = this.full;
    int okHi = this.okHi;
    int infoHi = this.infoHi;
    int depth = this.depth;
    Object state = this.state;
    long hash = this.hash;
    int entry = this.entry;
    boolean infoPass = this.infoPass;
    int infoLinearized = this.infoLinearized;
    int iter = 0;
    try {
      while (true) {
        if ((++iter & 0x3FF) == 0) {
          String stop = limits.stopReason();
          if (stop != null) {
            return finish(Verdict.UNKNOWN, stop);
          }
          long need = cache.bytes() - reserved;
          if (need > 0) {
            long chunk = Math.max(need, Limits.CHUNK);
            if (!limits.reserve(chunk)) {
              return finish(Verdict.UNKNOWN, Limits.BUDGET);
            }
            reserved += chunk;
          }
          if (System.nanoTime() - sliceEnd > 0) {
            return null;
          }
        }
        if (entry == NIL) {
          // Every ok op is linearized; what is left are info ops, which need not be.
          return finish(Verdict.VALID, null);
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
          Object ns = model.step(state, op);
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
            if (cache.add(okWords, nfull, nOkHi, infoWords, nInfoHi, key, ns, ns == state)) {
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
            prefix = Arrays.copyOf(best, Math.max(0, bestDepth));
            blocking = bestBlocking;
            stateAtFailure = bestState;
            return finish(Verdict.INVALID, null);
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
    } finally {
      this.full = full;
      this.okHi = okHi;
      this.infoHi = infoHi;
      this.depth = depth;
      this.state = state;
      this.hash = hash;
      this.entry = entry;
      this.infoPass = infoPass;
      this.infoLinearized = infoLinearized;
    }
  }

  /** Ends the search: records the outcome, returns its memory to the budget, drops the cache. */
  Verdict finish(Verdict v, String why) {
    verdict = v;
    reason = why;
    if (cache != null) {
      configurations = cache.size();
      cache = null;
    }
    limits.release(reserved);
    reserved = 0;
    return v;
  }

  private void buildList() {
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
