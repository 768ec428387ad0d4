/**
 * The linearizability checker: {@link dev.distlock.checker.Checker} checks a history against a
 * {@link dev.distlock.model.Model} and returns a {@link dev.distlock.checker.Result} (valid,
 * invalid with the failing op and the longest linearizable prefix, or unknown with the reason).
 * Everything else here (the search, its cache, the scheduler's limits) is package-private.
 */
package dev.distlock.checker;
