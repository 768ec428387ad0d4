/**
 * The lock contract: one abstract suite that every lock implementation runs against real servers
 * (Curator's {@code makeLock(client)} pattern).
 */
package dev.distlock.contract;
