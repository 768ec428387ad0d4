package dev.distlock.checker;

/** Primitive index sorts (no boxing). */
final class Sorts {
  private Sorts() {}

  /** Stable sort of {@code idx[0..len)} by {@code key[idx[i]]}. */
  static void sortByKey(int[] idx, int len, long[] key) {
    boolean sorted = true;
    for (int i = 1; i < len; i++) {
      if (key[idx[i - 1]] > key[idx[i]]) {
        sorted = false;
        break;
      }
    }
    if (sorted) {
      return;
    }
    int[] tmp = new int[len];
    mergeSort(idx, tmp, 0, len, key);
  }

  private static void mergeSort(int[] a, int[] tmp, int lo, int hi, long[] key) {
    if (hi - lo <= 24) {
      for (int i = lo + 1; i < hi; i++) {
        int v = a[i];
        long kv = key[v];
        int j = i - 1;
        while (j >= lo && key[a[j]] > kv) {
          a[j + 1] = a[j];
          j--;
        }
        a[j + 1] = v;
      }
      return;
    }
    int mid = (lo + hi) >>> 1;
    mergeSort(a, tmp, lo, mid, key);
    mergeSort(a, tmp, mid, hi, key);
    if (key[a[mid - 1]] <= key[a[mid]]) {
      return;
    }
    System.arraycopy(a, lo, tmp, lo, hi - lo);
    int i = lo;
    int j = mid;
    int k = lo;
    while (i < mid && j < hi) {
      a[k++] = key[tmp[j]] < key[tmp[i]] ? tmp[j++] : tmp[i++];
    }
    while (i < mid) {
      a[k++] = tmp[i++];
    }
    while (j < hi) {
      a[k++] = tmp[j++];
    }
  }
}
