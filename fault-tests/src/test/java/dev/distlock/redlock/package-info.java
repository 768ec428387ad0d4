/** Redlock against five real redis-servers: node failures, clock jumps and crash-restarts. */
package dev.distlock.redlock;
