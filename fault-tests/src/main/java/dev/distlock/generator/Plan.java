package dev.distlock.generator;

import dev.distlock.Fault;
import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A property run, fully determined: which lock, whether the resource is guarded, how many clients,
 * the op mix, the lease TTL and the nemesis schedule. A plan is a value; executing it twice runs
 * the same steps (modulo real concurrency and timing).
 *
 * <p>The workload is a sequence of rounds. Each round starts with one contended hold: a holder
 * acquires and reads the stock; if a {@link FaultStep} is scheduled for the round it strikes now; a
 * contender tries to acquire and, if it gets the lock, sells one unit. The holder then writes back
 * the stock it read, if it still believes it holds the lock (or if it was itself frozen: then it
 * checked before the freeze), and releases. {@code extraHolds} ordinary holds (acquire, {@code
 * decrementsPerHold} decrements, release) by clients picked from the seed follow.
 *
 * @param seed the seed the plan was derived from ({@code -Dseed=} replays it)
 * @param kind the lock deployment
 * @param guarded whether the resource is accessed through the fencing guard
 * @param column the fault the plan is about (empty: the control)
 * @param clients number of lock clients, at least 2
 * @param rounds number of rounds, at least 1
 * @param extraHolds ordinary holds before each contended one
 * @param decrementsPerHold decrements per ordinary hold, at least 1
 * @param ttl lease TTL (the watchdog is off, so a lease ends at its TTL); for ZooKeeper the session
 *     timeout
 * @param schedule the nemesis schedule, ordered by round
 */
public record Plan(
    long seed,
    LockKind kind,
    boolean guarded,
    Optional<Fault> column,
    int clients,
    int rounds,
    int extraHolds,
    int decrementsPerHold,
    Duration ttl,
    List<FaultStep> schedule)
    implements RunPlan {

  /** Validates and copies. */
  public Plan {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(column, "column");
    Objects.requireNonNull(ttl, "ttl");
    schedule = List.copyOf(schedule);
    if (clients < 2 || rounds < 1 || extraHolds < 0 || decrementsPerHold < 1) {
      throw new IllegalArgumentException(
          "bad plan: clients " + clients + ", rounds " + rounds + ", holds " + extraHolds);
    }
    for (FaultStep s : schedule) {
      if (s.round() >= rounds) {
        throw new IllegalArgumentException("step " + s + " after the last round " + rounds);
      }
    }
  }

  /**
   * Returns the steps scheduled for a round.
   *
   * @param round the round
   * @return the step, if any (at most one per round)
   */
  public Optional<FaultStep> stepAt(int round) {
    return schedule.stream().filter(s -> s.round() == round).findFirst();
  }

  /**
   * Returns the plan's size for shrinking: smaller plans have fewer faults, shorter windows, fewer
   * clients, rounds and ops.
   *
   * @return a weight; a shrink never increases it
   */
  @Override
  public long weight() {
    long w = schedule.size() * 1_000_000L;
    for (FaultStep s : schedule) {
      w += s.window().toMillis() * 10 + s.nodes() * 100L;
    }
    return w + clients * 1000L + rounds * 500L + extraHolds * 100L + decrementsPerHold * 10L;
  }

  /**
   * Returns a one-line description, printed with a failing run's seed.
   *
   * @return the description
   */
  @Override
  public String describe() {
    return "seed="
        + seed
        + " lock="
        + kind
        + (guarded ? "+guard" : "")
        + " fault="
        + column.map(f -> f.name()).orElse("NONE")
        + " clients="
        + clients
        + " rounds="
        + rounds
        + " extraHolds="
        + extraHolds
        + " decrementsPerHold="
        + decrementsPerHold
        + " ttl="
        + ttl.toMillis()
        + "ms schedule="
        + schedule;
  }

  @Override
  public String toString() {
    return describe();
  }
}
