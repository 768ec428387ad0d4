package dev.distlock.guard;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalLong;

/** {@link FencedResource} in a map; every access holds the monitor, so each is atomic. */
final class InMemoryFencedResource implements FencedResource {
  private final Fencing fencing;
  private final Map<String, Long> values = new HashMap<>();
  private final Map<String, Long> highest = new HashMap<>();

  InMemoryFencedResource(Fencing fencing) {
    this.fencing = Objects.requireNonNull(fencing, "fencing");
  }

  @Override
  public synchronized OptionalLong read(String key, long token) {
    check(key, token);
    if (fencing == Fencing.ACCESS) {
      admit(key, token);
    }
    Long v = values.get(key);
    return v == null ? OptionalLong.empty() : OptionalLong.of(v);
  }

  @Override
  public synchronized void write(String key, long value, long token) {
    check(key, token);
    admit(key, token);
    values.put(key, value);
  }

  @Override
  public synchronized OptionalLong highestToken(String key) {
    Long h = highest.get(Objects.requireNonNull(key, "key"));
    return h == null ? OptionalLong.empty() : OptionalLong.of(h);
  }

  private static void check(String key, long token) {
    Objects.requireNonNull(key, "key");
    if (token < 0) {
      throw new IllegalArgumentException("fencing token must not be negative, got " + token);
    }
  }

  /** Rejects a stale token before anything changes; otherwise records it. */
  private void admit(String key, long token) {
    Long h = highest.get(key);
    if (h != null && token < h) {
      throw new StaleTokenException(key, token, h);
    }
    highest.put(key, token);
  }

  @Override
  public String toString() {
    return "FencedResource[in-memory, " + fencing + "]";
  }
}
