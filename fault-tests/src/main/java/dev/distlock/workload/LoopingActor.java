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
  private final long workMs;
  private final java.util.Set<String> used = new java.util.LinkedHashSet<>();

  /**
   * Creates the loop of one client.
   *
   * @param actor the client's actor
   * @param locks the lock names, the hot one first
   * @param skuOf the item each lock name protects
   * @param seed this client's seed
   * @param thinkMs the longest think time between two holds
   * @param workMs the TTL: one hold of a cold lock in eight works half to three quarters of it
   *     between its read and its write, so that leases live long enough to be renewed and faults
   *     hit renewals
   */
  public LoopingActor(
      Actor actor,
      List<String> locks,
      Function<String, String> skuOf,
      long seed,
      long thinkMs,
      long workMs) {
    this.actor = actor;
    this.locks = List.copyOf(locks);
    this.skuOf = skuOf;
    this.random = new SplittableRandom(seed);
    this.thinkMs = thinkMs;
    this.workMs = workMs;
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
    return hold(name, wait, true);
  }

  private boolean hold(String name, Duration wait, boolean mayWorkLong) {
    used.add(name);
    Reply a = actor.acquire(name, wait);
    if (a instanceof Reply.Ok) {
      if (actor.beginDecrement(skuOf.apply(name)) instanceof Reply.Ok) {
        // Now and then a long hold on a cold lock: half to three quarters of the TTL, well past
        // the first renewal (TTL/3), so that the watchdog renews and faults can land on renewals.
        long work =
            mayWorkLong && workMs > 0 && !name.equals(locks.get(0)) && random.nextInt(8) == 0
                ? workMs / 2 + random.nextLong(workMs / 4 + 1)
                : 0;
        if (work(name, work) && actor.remaining(name) > MARGIN.toMillis()) {
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
   * Acquires and releases {@code name} until both succeed or {@code bound} has passed (a release
   * whose outcome is unknown, e.g. not confirmed in time, is followed by another hold). The holds
   * sell one unit but never do the load's long work.
   *
   * @param name the lock name
   * @param bound how long recovery may take
   * @return true if a hold succeeded in time
   * @throws InterruptedException if interrupted between attempts
   */
  public boolean recover(String name, Duration bound) throws InterruptedException {
    long end = System.nanoTime() + bound.toNanos();
    while (System.nanoTime() - end < 0) {
      // A probe: no long work inside it (that is the load's, to land faults on renewals), so
      // that the pass measures the lock, not the clients queueing behind each other's work.
      if (hold(name, Duration.ofNanos(Math.max(1_000_000, end - System.nanoTime())), false)) {
        return true;
      }
      Thread.sleep(50); // back off before the next attempt, as a client would
    }
    return false;
  }

  /**
   * Works inside the hold for {@code ms}, watching the lease as a careful holder does: it stops
   * (and will not write) as soon as its lease has no more than the margin left.
   *
   * @return true if the lease stayed comfortably valid throughout
   */
  private boolean work(String name, long ms) {
    long end = System.nanoTime() + ms * 1_000_000;
    while (System.nanoTime() - end < 0) {
      if (actor.remaining(name) <= MARGIN.toMillis()) {
        return false;
      }
      long left = (end - System.nanoTime()) / 1_000_000;
      try {
        Thread.sleep(Math.max(0, Math.min(20, left))); // the holder's work, watched every 20 ms
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return false;
      }
    }
    return true;
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
