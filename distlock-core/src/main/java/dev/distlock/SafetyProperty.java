package dev.distlock;

/** The safety properties every lock type is checked against. */
public enum SafetyProperty {
  /** No two clients believe they hold the lock at the same time. */
  MUTUAL_EXCLUSION,
  /** An acquisition that starts after another one completed gets a larger fencing token. */
  TOKEN_MONOTONIC,
  /**
   * A resource guarded by a {@code FencedResource} applies no stale access: no acknowledged update
   * is lost, even when two clients believe they hold the lock.
   */
  RESOURCE_SAFETY
}
