package dev.distlock.history;

import java.util.AbstractList;
import java.util.RandomAccess;

/**
 * An immutable list of canonical values (see {@link Values}); equal to any list with equal
 * elements.
 */
final class FrozenList extends AbstractList<Object> implements RandomAccess {
  private final Object[] items;

  FrozenList(Object[] items) {
    this.items = items;
  }

  @Override
  public Object get(int index) {
    return items[index];
  }

  @Override
  public int size() {
    return items.length;
  }
}
