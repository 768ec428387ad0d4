package dev.distlock.checker;

/**
 * Lowe's cache of visited configurations, with subsumption. A configuration is (set of linearized
 * ok ops, set of linearized info ops, model state). Info ops are optional, so a configuration with
 * the same ok ops and state but a subset of the info ops can do everything this one can: it
 * subsumes it, and the search need not continue from here (sound for reachability, as in model
 * checking with subsumption). Exact repeats are the special case of equal info sets.
 *
 * <p>Open addressing on (ok set, state); each slot keeps the info sets seen with it (usually just
 * the empty set). Ok sets are stored canonically and compactly: the number of leading all-ones
 * words plus the words after them up to the last non-zero one (searches linearize roughly in call
 * order, so this is a few words even for histories of thousands of ops); info sets up to their last
 * non-zero word.
 */
final class StateCache {
  private static final long[] EMPTY = new long[0];
  private static final int SLOT_BYTES = 8 + 4 + 8 + 8 + 8;

  /** Several info sets for one (ok set, state). */
  private static final class InfoList {
    long[][] sets = new long[4][];
    int n;
  }

  private long[] hashes;
  private int[] fulls;
  private long[][] okTails;
  private Object[] infos; // long[] or InfoList
  private Object[] states;
  private int size;
  private int mask;
  private long entryBytes;
  private long configurations;

  private final Stepper model;

  StateCache(int expected, Stepper model) {
    this.model = model;
    int cap = Integer.highestOneBit(Math.max(16, expected * 2 - 1)) << 1;
    alloc(cap);
  }

  private void alloc(int cap) {
    hashes = new long[cap];
    fulls = new int[cap];
    okTails = new long[cap][];
    infos = new Object[cap];
    states = new Object[cap];
    mask = cap - 1;
  }

  /** Number of configurations recorded. */
  long size() {
    return configurations;
  }

  /** Estimated bytes held (table + entries + the model states they hold). */
  long bytes() {
    return (long) hashes.length * SLOT_BYTES + entryBytes;
  }

  private static int slot(long hash, int mask) {
    long h = hash * 0x9E3779B97F4A7C15L;
    return (int) (h >>> 40) & mask;
  }

  /**
   * Records the configuration unless a visited one subsumes it.
   *
   * @param ok bitset of linearized ok ops
   * @param full number of leading all-ones words of {@code ok}
   * @param okHi upper bound on the index of the last non-zero word of {@code ok}
   * @param info bitset of linearized info ops
   * @param infoHi upper bound on the index of the last non-zero word of {@code info}
   * @param hash hash of (ok set, state)
   * @param state the model state
   * @param sharedState whether {@code state} is the parent configuration's state object (its bytes
   *     are already counted)
   * @return true if the search must continue from this configuration
   */
  boolean add(
      long[] ok,
      int full,
      int okHi,
      long[] info,
      int infoHi,
      long hash,
      Object state,
      boolean sharedState) {
    int last = okHi;
    while (last >= full && ok[last] == 0) {
      last--;
    }
    int tailLen = Math.max(0, last - full + 1);
    int infoLen = infoHi;
    while (infoLen >= 0 && info[infoLen] == 0) {
      infoLen--;
    }
    infoLen++;
    int m = mask;
    int i = slot(hash, m);
    Object s;
    while ((s = states[i]) != null) {
      if (hashes[i] == hash && fulls[i] == full) {
        long[] t = okTails[i];
        if (t.length == tailLen && sameTail(t, ok, full) && s.equals(state)) {
          return addInfo(i, info, infoLen);
        }
      }
      i = (i + 1) & m;
    }
    long[] tail;
    if (tailLen == 0) {
      tail = EMPTY;
    } else {
      tail = new long[tailLen];
      System.arraycopy(ok, full, tail, 0, tailLen);
      entryBytes += 16 + 8L * tailLen;
    }
    long[] infoCopy = copy(info, infoLen);
    entryBytes += 32 + (infoLen == 0 ? 0 : 16 + 8L * infoLen);
    if (!sharedState) {
      entryBytes += model.stateBytes(state);
    }
    hashes[i] = hash;
    fulls[i] = full;
    okTails[i] = tail;
    infos[i] = infoCopy;
    states[i] = state;
    configurations++;
    if (++size * 2 > states.length) {
      grow();
    }
    return true;
  }

  private boolean addInfo(int i, long[] info, int infoLen) {
    Object o = infos[i];
    if (o instanceof long[]) {
      long[] one = (long[]) o;
      if (subset(one, info, infoLen)) {
        return false;
      }
      long[] c = copy(info, infoLen);
      configurations++;
      if (subset(info, infoLen, one)) {
        infos[i] = c; // the visited one did more for the same result: keep the better one
        entryBytes += 8L * (c.length - one.length);
        return true;
      }
      InfoList l = new InfoList();
      l.sets[0] = one;
      l.sets[1] = c;
      l.n = 2;
      infos[i] = l;
      entryBytes += 64 + 16 + 8L * c.length;
      return true;
    }
    InfoList l = (InfoList) o;
    int replace = -1;
    for (int j = 0; j < l.n; j++) {
      long[] other = l.sets[j];
      if (subset(other, info, infoLen)) {
        return false;
      }
      if (replace < 0 && subset(info, infoLen, other)) {
        replace = j;
      }
    }
    long[] c = copy(info, infoLen);
    configurations++;
    if (replace >= 0) {
      entryBytes += 8L * (c.length - l.sets[replace].length);
      l.sets[replace] = c;
      return true;
    }
    if (l.n == l.sets.length) {
      l.sets = java.util.Arrays.copyOf(l.sets, l.n * 2);
      entryBytes += 8L * l.n;
    }
    l.sets[l.n++] = c;
    entryBytes += 16 + 8L * c.length;
    return true;
  }

  private static long[] copy(long[] words, int len) {
    if (len == 0) {
      return EMPTY;
    }
    long[] c = new long[len];
    System.arraycopy(words, 0, c, 0, len);
    return c;
  }

  /** Whether {@code a} (stored, trimmed) is a subset of {@code b[0, bLen)}. */
  private static boolean subset(long[] a, long[] b, int bLen) {
    if (a.length > bLen) {
      return false; // a's last word is non-zero, b is zero there
    }
    for (int j = 0; j < a.length; j++) {
      if ((a[j] & ~b[j]) != 0) {
        return false;
      }
    }
    return true;
  }

  /** Whether {@code a[0, aLen)} (trimmed) is a subset of {@code b} (stored). */
  private static boolean subset(long[] a, int aLen, long[] b) {
    if (aLen > b.length) {
      return false;
    }
    for (int j = 0; j < aLen; j++) {
      if ((a[j] & ~b[j]) != 0) {
        return false;
      }
    }
    return true;
  }

  private static boolean sameTail(long[] t, long[] words, int full) {
    for (int j = 0; j < t.length; j++) {
      if (t[j] != words[full + j]) {
        return false;
      }
    }
    return true;
  }

  private void grow() {
    long[] oh = hashes;
    int[] of = fulls;
    long[][] ot = okTails;
    Object[] oi = infos;
    Object[] os = states;
    alloc(oh.length * 2);
    int m = mask;
    for (int j = 0; j < os.length; j++) {
      if (os[j] != null) {
        int i = slot(oh[j], m);
        while (states[i] != null) {
          i = (i + 1) & m;
        }
        hashes[i] = oh[j];
        fulls[i] = of[j];
        okTails[i] = ot[j];
        infos[i] = oi[j];
        states[i] = os[j];
      }
    }
  }
}
