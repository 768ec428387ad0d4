package dev.distlock.workload;

import dev.distlock.Fault;

/**
 * When a nemesis was in effect during a run, on the run's monotonic clock (the clock of the
 * histories).
 *
 * @param nemesis the nemesis's description
 * @param fault the fault it injects, or null for none
 * @param startNanos when {@code start()} returned
 * @param healNanos when {@code heal()} returned, or {@link Long#MAX_VALUE} if it never did
 */
public record FaultWindow(String nemesis, Fault fault, long startNanos, long healNanos) {}
