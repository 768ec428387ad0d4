/**
 * The safety matrix: every lock deployment ({@link dev.distlock.matrix.Row}, with and without the
 * resource guard) under every nemesis ({@link dev.distlock.matrix.Column}), a number of seeded
 * property runs per cell, and one verdict per safety property compared with the TLA+ expectation
 * ({@link dev.distlock.matrix.Expectations}). {@link dev.distlock.matrix.Campaign} runs it on real
 * servers; {@link dev.distlock.matrix.MatrixMain} is the project's main command.
 */
package dev.distlock.matrix;
