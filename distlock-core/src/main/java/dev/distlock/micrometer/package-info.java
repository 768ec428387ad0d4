/**
 * Micrometer meters for the locks: {@link dev.distlock.micrometer.MicrometerLockObserver}. Needs
 * {@code io.micrometer:micrometer-core} on the class path (an optional dependency of
 * distlock-core).
 */
package dev.distlock.micrometer;
