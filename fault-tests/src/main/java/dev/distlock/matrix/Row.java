package dev.distlock.matrix;

import dev.distlock.workload.LockKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A row of the matrix: a lock deployment, with or without the fencing-token resource guard.
 *
 * @param kind the deployment
 * @param guarded whether the resource is accessed through the guard
 */
public record Row(LockKind kind, boolean guarded) {
  /** Validates. */
  public Row {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * Returns every row: each kind without, then with the guard.
   *
   * @return the rows in matrix order
   */
  public static List<Row> all() {
    List<Row> rows = new ArrayList<>();
    for (LockKind k : LockKind.values()) {
      rows.add(new Row(k, false));
      rows.add(new Row(k, true));
    }
    return rows;
  }

  /**
   * Returns the lock's name in reports and options, e.g. {@code dual-write}.
   *
   * @param kind the deployment
   * @return the name
   */
  public static String lockName(LockKind kind) {
    return switch (kind) {
      case SINGLE -> "single";
      case SINGLE_REPLICA -> "single-replica";
      case REDLOCK -> "redlock";
      case DUAL_WRITE -> "dual-write";
      case ZOOKEEPER -> "zookeeper";
      case ZOOKEEPER_ENSEMBLE -> "zookeeper-ensemble";
    };
  }

  /**
   * Parses a lock name.
   *
   * @param name e.g. {@code redlock}
   * @return the kind
   * @throws IllegalArgumentException for an unknown name, listing the known ones
   */
  public static LockKind parseLock(String name) {
    return Arrays.stream(LockKind.values())
        .filter(k -> lockName(k).equals(name.trim().toLowerCase(Locale.ROOT)))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown lock "
                        + name
                        + "; known: "
                        + Arrays.stream(LockKind.values()).map(Row::lockName).toList()));
  }

  /**
   * Returns the row's label, e.g. {@code redlock+guard}.
   *
   * @return the label
   */
  public String label() {
    return lockName(kind) + (guarded ? "+guard" : "");
  }

  @Override
  public String toString() {
    return label();
  }
}
