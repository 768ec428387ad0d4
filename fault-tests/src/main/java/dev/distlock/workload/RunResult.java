package dev.distlock.workload;

import dev.distlock.SafetyProperty;
import dev.distlock.check.CheckReport;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.history.History;
import java.nio.file.Path;
import java.util.List;

/**
 * Everything one run produced: the histories, the fault windows, the checks and where the files
 * are.
 *
 * @param name the run's name (its directory under {@code target/scenarios})
 * @param kind the lock deployment
 * @param guarded whether resource accesses went through the fencing guard
 * @param locks the lock history (acquire, release)
 * @param resource the resource history (decrement, read)
 * @param guard the guard's access history (fenced read, write); empty when unguarded
 * @param faults when each nemesis was in effect
 * @param report the findings and the verdict per property
 * @param dir the directory holding the histories, timelines and {@code results.txt}
 */
public record RunResult(
    String name,
    LockKind kind,
    boolean guarded,
    History locks,
    History resource,
    History guard,
    List<FaultWindow> faults,
    CheckReport report,
    Path dir) {

  /**
   * Returns the merged verdict of a property.
   *
   * @param property the property
   * @return the verdict, or null if no check tested it
   */
  public PropertyVerdict verdict(SafetyProperty property) {
    return report.verdict(property);
  }

  @Override
  public String toString() {
    return name
        + " ("
        + kind
        + (guarded ? ", guarded" : "")
        + ", faults "
        + faults
        + ")\n"
        + report
        + "files in "
        + dir;
  }
}
