/**
 * Deployments of each lock kind on real servers and the recording of what clients do: {@link
 * dev.distlock.workload.LockKind} and {@link dev.distlock.workload.Deployment} build the servers
 * and the per-client Toxiproxy links, {@link dev.distlock.workload.Run} records lock and resource
 * operations of {@link dev.distlock.workload.Actor}s into histories of the model module, stamped by
 * the driving JVM's monotonic clock.
 */
package dev.distlock.workload;
