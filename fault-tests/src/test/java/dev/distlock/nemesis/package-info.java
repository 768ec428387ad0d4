/** Each nemesis on real servers: its fault takes effect, and its heal undoes it. */
package dev.distlock.nemesis;
