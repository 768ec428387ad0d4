package dev.distlock.redis;

/**
 * Key and channel names for a lock. The lock name sits in a hash tag, so the lock key, its fence
 * counter and its release channel land in one Redis Cluster slot (a script may touch both keys; the
 * channel also suits {@code SSUBSCRIBE}).
 *
 * <p>Inside the tag the name is escaped: {@code %} becomes {@code %25}, <code>{</code> becomes
 * {@code %7B} and <code>}</code> becomes {@code %7D}. Without it a name containing a brace would
 * end the tag early (<code>}x</code> gives the tag-less key <code>distlock:{}x}</code>, hashed
 * whole, so its fence key lands in another slot) or let two names share a tag. {@code %} is always
 * escaped, so distinct names give distinct tags. Names without those three characters keep their
 * plain keys.
 *
 * @param prefix namespace for every key and channel, e.g. {@code distlock:}; no braces
 */
record KeySpace(String prefix) {
  static final KeySpace DEFAULT = new KeySpace("distlock:");

  KeySpace {
    if (prefix.indexOf('{') >= 0 || prefix.indexOf('}') >= 0) {
      // A brace in the prefix would become (part of) the hash tag instead of the name.
      throw new IllegalArgumentException("key prefix must not contain braces: " + prefix);
    }
  }

  /** The hash tag for {@code name}, braces included. */
  static String tag(String name) {
    StringBuilder sb = new StringBuilder(name.length() + 2).append('{');
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      switch (c) {
        case '%' -> sb.append("%25");
        case '{' -> sb.append("%7B");
        case '}' -> sb.append("%7D");
        default -> sb.append(c);
      }
    }
    return sb.append('}').toString();
  }

  String lockKey(String name) {
    return prefix + tag(name);
  }

  String fenceKey(String name) {
    return prefix + tag(name) + ":fence";
  }

  /**
   * Releases of {@code name} are announced here; only clients with a waiter for {@code name} are
   * subscribed. The message is the releasing client's tag, a colon, the lock name.
   */
  String releaseChannel(String name) {
    return prefix + "released:" + tag(name);
  }

  /** The dual-write group's node announcements (the failed node's position in the group). */
  String nodesChannel() {
    return prefix + "nodes";
  }

  /**
   * A channel nobody publishes on, unique to one client ({@code clientTag}): it keeps the client's
   * pub/sub connection subscribed while it listens to nothing else.
   */
  String anchorChannel(String clientTag) {
    return prefix + "client:" + clientTag;
  }
}
