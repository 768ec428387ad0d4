package dev.distlock;

import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;

/**
 * One safety property of one lock type, with the faults that break it and the evidence for both.
 *
 * @param property the property
 * @param breaksUnder the faults under which the property does not hold (empty: holds under every
 *     fault of the model)
 * @param tlaSpec the TLA+ module and property that state it, e.g. {@code
 *     SingleRedis!MutualExclusion}
 * @param faultTest the fault-test scenario that reproduces the break (or the control) on real
 *     servers
 * @param note one sentence for people: why it holds or breaks
 */
public record Guarantee(
    SafetyProperty property,
    Set<Fault> breaksUnder,
    String tlaSpec,
    String faultTest,
    String note) {

  public Guarantee {
    Objects.requireNonNull(property, "property");
    breaksUnder = breaksUnder.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(breaksUnder));
    Objects.requireNonNull(tlaSpec, "tlaSpec");
    Objects.requireNonNull(faultTest, "faultTest");
    Objects.requireNonNull(note, "note");
  }

  /** True if no fault in {@code faults} breaks this property. */
  public boolean holdsUnder(Set<Fault> faults) {
    return faults.stream().noneMatch(breaksUnder::contains);
  }
}
