package dev.distlock.history;

import java.util.AbstractMap;
import java.util.Collections;
import java.util.Map;
import java.util.Set;

/**
 * An immutable map of canonical values (see {@link Values}); equal to any map with equal entries.
 */
final class FrozenMap extends AbstractMap<String, Object> {
  private final Map<String, Object> entries;

  FrozenMap(Map<String, Object> entries) {
    this.entries = entries;
  }

  @Override
  public Set<Entry<String, Object>> entrySet() {
    return Collections.unmodifiableMap(entries).entrySet();
  }

  @Override
  public Object get(Object key) {
    return entries.get(key);
  }

  @Override
  public boolean containsKey(Object key) {
    return entries.containsKey(key);
  }

  @Override
  public int size() {
    return entries.size();
  }
}
