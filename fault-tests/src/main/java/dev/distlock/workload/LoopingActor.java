package dev.distlock.workload;

import dev.distlock.client.Reply;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Function;

/**
 * One client of a continuous workload: loops acquire → read stock → decrement → release over
 * several lock names (the first, the hot one, half the time), with a random think time between
 * holds, until a deadline. Each lock name protects its own inventory item.
 *
 * <p>The holder follows the lock's contract, so that a violation is the lock's and not the
 * workload's: before writing back the stock it read, it asks its child how much validity its lease
 * has left and abandons the decrement (nothing written) unless more than {@link #MARGIN} remains.
 * An acquire whose outcome is unknown (no reply in time) is followed by a release if the child
 * turns out to hold the lease. Runs on one thread; seeded by the plan, so the choice of names and
 * think times is replayable (timing is not).
 */
public final class LoopingActor {
  /** The holder writes only with more validity than this left. */
  public static final Duration MARGIN = Duration.ofMillis(150);

  private final Actor actor;
  private final List<String> locks;
  private final Function<String, String> skuOf;
  private final SplittableRandom random;
  private final long thinkMs;
  private final java.util.Set<String> used = new java.util.LinkedHashSet<>();

  /**
   * Creates the loop of one client.
   *
   * @param actor the client's actor
   * @param locks the lock names, the hot one first
   * @param skuOf the item each lock name protects
   * @param seed this client's seed
   * @param thinkMs the longest think time between two holds
   */
  public LoopingActor(
      Actor actor, List<String> locks, Function<String, String> skuOf, long seed, long thinkMs) {
    this.actor = actor;
    this.locks = List.copyOf(locks);
    this.skuOf = skuOf;
    this.random = new SplittableRandom(seed);
    this.thinkMs = thinkMs;
  }

  /**
   * Loops until {@code endNanos} (System.nanoTime), finishing the hold under way.
   *
   * @param endNanos when to stop starting holds
   * @param wait how long each acquire may wait
   * @throws InterruptedException if interrupted while thinking
   */
  public void loop(long endNanos, Duration wait) throws InterruptedException {
    while (System.nanoTime() - endNanos < 0) {
      String name =
          random.nextBoolean() || locks.size() == 1
              ? locks.get(0)
              : locks.get(1 + random.nextInt(locks.size() - 1));
      hold(name, wait);
      long think = thinkMs == 0 ? 0 : random.nextLong(thinkMs + 1);
      Thread.sleep(think); // the workload's think time between holds
    }
  }

  /**
   * One hold: acquire, sell one unit if the lease is still comfortably valid, release.
   *
   * @param name the lock name
   * @param wait how long the acquire may wait
   * @return true if the lock was acquired and released with ok replies
   */
  public boolean hold(String name, Duration wait) {
    used.add(name);
    Reply a = actor.acquire(name, wait);
    if (a instanceof Reply.Ok) {
      if (actor.beginDecrement(skuOf.apply(name)) instanceof Reply.Ok) {
        if (actor.remaining(name) > MARGIN.toMillis()) {
          actor.finishDecrement();
        } else {
          actor.abandonDecrement();
        }
      }
      return actor.release(name) instanceof Reply.Ok;
    }
    if (!(a instanceof Reply.Timeout) && actor.hasLease(name)) {
      actor.release(name);
    }
    return false;
  }

  /**
   * Returns the lock names this client has tried to acquire, in first-use order.
   *
   * @return the names
   */
  public List<String> used() {
    return List.copyOf(used);
  }

  /**
   * Returns the actor.
   *
   * @return the actor
   */
  public Actor actor() {
    return actor;
  }
}
