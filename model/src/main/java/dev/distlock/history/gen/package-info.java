/** Seeded generators of valid histories, for tests and benchmarks. */
package dev.distlock.history.gen;
