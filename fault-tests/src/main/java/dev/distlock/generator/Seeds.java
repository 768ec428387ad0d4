package dev.distlock.generator;

import java.util.concurrent.ThreadLocalRandom;

/**
 * Seeds of a campaign. Run {@code i} of a cell uses {@link #forRun(long, int)}: run 0 uses the
 * campaign seed itself, so {@code -Dseed=<a run's seed>} with one run per cell replays that run's
 * plan exactly.
 */
public final class Seeds {
  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  private Seeds() {}

  /**
   * Returns the seed of run {@code index} of a campaign.
   *
   * @param campaign the campaign's seed
   * @param index the run's index within its cell
   * @return the run's seed; {@code campaign} itself for index 0
   */
  public static long forRun(long campaign, int index) {
    if (index < 0) {
      throw new IllegalArgumentException("negative run index " + index);
    }
    return index == 0 ? campaign : mix(campaign + GOLDEN * index);
  }

  /**
   * Returns a fresh random campaign seed (positive, so it prints without a sign).
   *
   * @return the seed
   */
  public static long fresh() {
    return ThreadLocalRandom.current().nextLong() & Long.MAX_VALUE;
  }

  /** SplitMix64's finalizer: consecutive inputs give unrelated outputs. */
  static long mix(long z) {
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return (z ^ (z >>> 31)) & Long.MAX_VALUE;
  }
}
