/** Lock benchmarks: distlock against Redisson and against the bare two-round-trip floor. */
package dev.distlock.bench.locks;
