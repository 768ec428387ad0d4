package dev.distlock.generator;

import dev.distlock.workload.LockKind;

/**
 * What a run of the matrix carries out, derived from a seed: a targeted {@link Plan} (rounds aimed
 * at the critical section) or a continuous {@link LoadPlan} (clients looping over several locks
 * under a random nemesis schedule). Both are values: running one twice runs the same steps, modulo
 * real concurrency and timing.
 */
public sealed interface RunPlan permits Plan, LoadPlan {
  /**
   * Returns the seed the plan was derived from.
   *
   * @return the seed
   */
  long seed();

  /**
   * Returns the lock deployment.
   *
   * @return the kind
   */
  LockKind kind();

  /**
   * Returns whether the resource is accessed through the fencing guard.
   *
   * @return true with the guard
   */
  boolean guarded();

  /**
   * Returns the plan's size for shrinking; a shrink never increases it.
   *
   * @return the weight
   */
  long weight();

  /**
   * Returns a one-line description, printed with a failing run's seed.
   *
   * @return the description
   */
  String describe();
}
