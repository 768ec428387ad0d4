package dev.distlock.history;

import java.util.Arrays;

/** A small open-addressing map from long to int (absent = -1). Not thread-safe. */
final class LongIntMap {
  private long[] keys;
  private int[] vals;
  private boolean[] used;
  private int size;
  private int mask;

  LongIntMap() {
    this(16);
  }

  LongIntMap(int expected) {
    int cap = Integer.highestOneBit(Math.max(4, expected * 2 - 1)) << 1;
    keys = new long[cap];
    vals = new int[cap];
    used = new boolean[cap];
    mask = cap - 1;
  }

  private static int hash(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    return (int) k;
  }

  int get(long k) {
    int i = hash(k) & mask;
    while (used[i]) {
      if (keys[i] == k) {
        return vals[i];
      }
      i = (i + 1) & mask;
    }
    return -1;
  }

  void put(long k, int v) {
    int i = hash(k) & mask;
    while (used[i]) {
      if (keys[i] == k) {
        vals[i] = v;
        return;
      }
      i = (i + 1) & mask;
    }
    used[i] = true;
    keys[i] = k;
    vals[i] = v;
    if (++size * 2 > keys.length) {
      grow();
    }
  }

  private void grow() {
    long[] ok = keys;
    int[] ov = vals;
    boolean[] ou = used;
    keys = new long[ok.length * 2];
    vals = new int[ok.length * 2];
    used = new boolean[ok.length * 2];
    mask = keys.length - 1;
    size = 0;
    for (int i = 0; i < ok.length; i++) {
      if (ou[i]) {
        put(ok[i], ov[i]);
      }
    }
  }

  void clear() {
    Arrays.fill(used, false);
    size = 0;
  }
}
