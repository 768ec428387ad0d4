/** The dual-write Redis group against two real redis-servers behind Toxiproxy. */
package dev.distlock.dualwrite;
