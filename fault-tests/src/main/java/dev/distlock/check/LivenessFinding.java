package dev.distlock.check;

/**
 * The result of one liveness check of a run (recovery, stuck leases, token sanity, leaks). Liveness
 * is empirical: no TLA+ configuration of the project states it, so the matrix expects it to hold
 * everywhere and flags every violation.
 *
 * @param check the check's name, e.g. "recovery"
 * @param verdict what it found
 * @param detail one line for people: the violation, or what was checked
 */
public record LivenessFinding(String check, PropertyVerdict verdict, String detail) {
  @Override
  public String toString() {
    return check + " [LIVENESS]: " + verdict + " - " + detail;
  }
}
