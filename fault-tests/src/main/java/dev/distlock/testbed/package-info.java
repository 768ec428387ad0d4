/**
 * The plug-in point of the test bed: a lock library that implements {@link
 * dev.distlock.testbed.TestedLockFactory} (one class, registered in {@code
 * META-INF/services/dev.distlock.testbed.TestedLockFactory}) runs in the child client JVMs under
 * every nemesis of the safety matrix, and its histories are checked and reported like distlock's
 * own locks. See {@code docs/test-your-own-lock.md}.
 */
package dev.distlock.testbed;
