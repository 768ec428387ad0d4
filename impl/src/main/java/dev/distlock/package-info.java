/** Distributed locks with fencing tokens: the public API. */
package dev.distlock;
