package dev.distlock.nemesis;

import dev.distlock.Fault;
import java.util.Optional;

/**
 * One fault, injected by {@link #start()} and undone by {@link #heal()}.
 *
 * <p>Contract: {@code start()} returns once the fault is in effect on the real processes (the proxy
 * refuses, the process is stopped, the clock has jumped); {@code heal()} returns once it is undone
 * as far as it can be (a crashed server is running again; a failover cannot be undone, but its
 * network faults are), is idempotent, and is safe to call without a start. {@link #close()} heals.
 * Implementations are thread-safe.
 */
public sealed interface Nemesis extends AutoCloseable
    permits Partition,
        Latency,
        ProcessPause,
        ClockJump,
        CrashRestart,
        Failover,
        ServerFailover,
        Nemesis.None {

  /**
   * Returns the fault of the fault model this nemesis injects.
   *
   * @return the fault, or empty for {@link #none()}
   */
  Optional<Fault> fault();

  /**
   * Returns a short description for logs and reports, e.g. "partition(refuse: c1-n2)".
   *
   * @return the description
   */
  String describe();

  /** Injects the fault and returns once it is in effect. */
  void start();

  /** Undoes the fault; idempotent, and safe without a start. */
  void heal();

  /** Heals. */
  @Override
  default void close() {
    heal();
  }

  /**
   * Returns the nemesis that does nothing, for the control runs.
   *
   * @return a no-op nemesis
   */
  static Nemesis none() {
    return new None();
  }

  /** No fault: the control of every scenario. */
  record None() implements Nemesis {
    @Override
    public Optional<Fault> fault() {
      return Optional.empty();
    }

    @Override
    public String describe() {
      return "none";
    }

    @Override
    public void start() {}

    @Override
    public void heal() {}
  }
}
