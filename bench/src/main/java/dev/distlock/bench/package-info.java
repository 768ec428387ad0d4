/** JMH benchmarks, run on demand. */
package dev.distlock.bench;
