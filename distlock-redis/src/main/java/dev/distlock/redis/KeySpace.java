package dev.distlock.redis;

/**
 * Key names for a lock. The lock name sits in a hash tag, so the lock key and its fence counter
 * land in one Redis Cluster slot and a script may touch both.
 *
 * @param prefix namespace for every key, e.g. {@code distlock:}
 */
record KeySpace(String prefix) {
  static final KeySpace DEFAULT = new KeySpace("distlock:");

  String lockKey(String name) {
    return prefix + '{' + name + '}';
  }

  String fenceKey(String name) {
    return prefix + '{' + name + "}:fence";
  }

  /** One channel for every release; the message is the lock name. */
  String releaseChannel() {
    return prefix + "released";
  }
}
