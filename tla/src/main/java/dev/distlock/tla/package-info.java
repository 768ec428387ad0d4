/**
 * Runs TLC on every TLA+ configuration of the {@code tla} module and asserts its expected outcome.
 *
 * <p>A configuration's expected outcome is part of its file name: {@code
 * <Module>_<Scenario>.holds.cfg} must be checked exhaustively without a violation, {@code
 * <Module>_<Scenario>.violates-<Property>.cfg} must end with a counterexample to exactly that
 * property. The build fails when TLC's outcome differs in either direction. Each expected
 * counterexample is also kept, in readable form, under {@code docs/traces/}, where the build checks
 * that it is still the one TLC finds.
 */
package dev.distlock.tla;
