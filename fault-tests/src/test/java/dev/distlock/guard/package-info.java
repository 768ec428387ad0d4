/** The fencing-token guard on real Redis, protecting an inventory under every lock type. */
package dev.distlock.guard;
