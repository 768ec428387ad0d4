/**
 * Nemeses: the faults of the fault model as small objects with {@code start()} and {@code heal()}
 * (Jepsen's shape). Every nemesis is {@link java.lang.AutoCloseable} and its {@code close()} heals,
 * so a try-with-resources or an {@code afterEach} undoes the fault even when an assertion fails;
 * healing is idempotent. Each one names the {@link dev.distlock.Fault} it injects, so the safety
 * matrix can drive them generically.
 */
package dev.distlock.nemesis;
