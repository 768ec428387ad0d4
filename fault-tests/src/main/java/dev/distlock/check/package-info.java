/**
 * The checks after each run: linearizability of the lock history ({@code mutex}, {@code
 * fenced-mutex}), of the resource history ({@code counter}) and of the guard's accesses ({@code
 * fenced-register}), with timelines kept for invalid ones, plus direct checks (overlapping holders,
 * token order, final stock versus acknowledged decrements). Each finding is attributed to one
 * {@link dev.distlock.SafetyProperty}; {@link dev.distlock.check.CheckReport} merges them into one
 * verdict per property.
 */
package dev.distlock.check;
