/** The targeted fault scenarios and their controls, on real servers. */
package dev.distlock.scenario;
