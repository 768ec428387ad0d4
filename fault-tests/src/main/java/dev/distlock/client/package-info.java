/**
 * Lock clients in child JVMs, so that a nemesis can freeze a whole client (watchdog threads
 * included) with SIGSTOP: a real stop-the-world pause. {@link dev.distlock.client.ClientMain} runs
 * in the child and answers a line protocol; {@link dev.distlock.client.ClientProcess} drives it
 * from the test JVM, every request with a deadline.
 */
package dev.distlock.client;
