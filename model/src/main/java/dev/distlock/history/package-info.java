/**
 * Histories: events and ops, the JSON-lines and Jepsen EDN readers, a writer, and a thread-safe
 * recorder. A {@link dev.distlock.history.History} is immutable and validated when built.
 */
package dev.distlock.history;
