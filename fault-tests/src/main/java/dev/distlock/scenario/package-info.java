/**
 * The deterministic targeted scenarios: each known failure of a lock reproduced on real servers by
 * one fault at one chosen moment (the Kleppmann pause, a failover that loses the lock, one Redlock
 * node's clock jump or crash, the dual-write split brain, the ZooKeeper session expiry), each with
 * its control run without the fault. Every scenario returns a {@link
 * dev.distlock.workload.RunResult} whose histories and timelines are kept under {@code
 * target/scenarios/}.
 */
package dev.distlock.scenario;
