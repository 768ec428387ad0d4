/**
 * Seeded, replayable plans for property runs, in the manner of Jepsen's generators: a {@link
 * dev.distlock.generator.Plan} (clients, op mix, lease TTL, nemesis schedule) is a pure value
 * derived from one seed by {@link dev.distlock.generator.PlanGenerator}, so a failing run is
 * replayed by its seed; {@link dev.distlock.generator.Shrinker} looks for a smaller plan that still
 * fails (fewer faults, shorter windows, fewer clients and rounds). Nothing here touches a server.
 */
package dev.distlock.generator;
