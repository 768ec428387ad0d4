package dev.distlock;

import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Objects;
import java.util.Set;

/**
 * What a lock type promises: one {@link Guarantee} per {@link SafetyProperty}. The safety matrix of
 * the fault-test bed and the TLA+ configurations are checked against these statements.
 *
 * @param lockType a short name, e.g. {@code redis-single}
 * @param items one guarantee per property
 */
public record Guarantees(String lockType, List<Guarantee> items) {

  public Guarantees {
    Objects.requireNonNull(lockType, "lockType");
    items = List.copyOf(items);
    Map<SafetyProperty, Guarantee> seen = new EnumMap<>(SafetyProperty.class);
    for (Guarantee g : items) {
      if (seen.put(g.property(), g) != null) {
        throw new IllegalArgumentException("two guarantees for " + g.property());
      }
    }
  }

  /** The guarantee for {@code property}. */
  public Guarantee of(SafetyProperty property) {
    return items.stream()
        .filter(g -> g.property() == property)
        .findFirst()
        .orElseThrow(
            () -> new NoSuchElementException(lockType + " states nothing about " + property));
  }

  /** True if {@code property} is promised under every fault in {@code faults}. */
  public boolean holds(SafetyProperty property, Set<Fault> faults) {
    return of(property).holdsUnder(faults);
  }

  /** A readable table, one line per property. */
  @Override
  public String toString() {
    StringBuilder sb = new StringBuilder(lockType).append(':');
    for (Guarantee g : items) {
      sb.append("\n  ")
          .append(g.property())
          .append(
              g.breaksUnder().isEmpty()
                  ? " holds under every modelled fault"
                  : " breaks under " + g.breaksUnder())
          .append(" [")
          .append(g.tlaSpec())
          .append("; ")
          .append(g.faultTest())
          .append("] ")
          .append(g.note());
    }
    return sb.toString();
  }
}
