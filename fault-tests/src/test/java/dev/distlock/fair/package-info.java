/** The fair queue lock on real Redis: FIFO among live waiters, and a queue that never hangs. */
package dev.distlock.fair;
