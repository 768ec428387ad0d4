/** Histories, models and the linearizability checker. */
package dev.distlock;
