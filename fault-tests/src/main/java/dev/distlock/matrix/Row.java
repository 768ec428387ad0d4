package dev.distlock.matrix;

import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.testbed.TestedLocks;
import dev.distlock.workload.LockKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;

/**
 * A row of the matrix: a lock deployment, with or without the fencing-token resource guard, running
 * distlock's lock of that deployment or a plugged-in peer lock ({@link TestedLocks}).
 *
 * @param kind the deployment
 * @param guarded whether the resource is accessed through the guard
 * @param peer the plugged-in lock's name, or null for distlock's own lock of {@code kind}
 */
public record Row(LockKind kind, boolean guarded, String peer) {
  /** Validates. */
  public Row {
    Objects.requireNonNull(kind, "kind");
  }

  /**
   * A row of distlock's own lock.
   *
   * @param kind the deployment
   * @param guarded whether the resource is accessed through the guard
   */
  public Row(LockKind kind, boolean guarded) {
    this(kind, guarded, null);
  }

  /**
   * Returns every row of the plugged-in locks: each lock on each of its deployments, without the
   * guard, then with it if the lock hands out fencing tokens.
   *
   * @return the peer rows, in registration order
   */
  public static List<Row> peers() {
    List<Row> rows = new ArrayList<>();
    for (TestedLockFactory f : TestedLocks.all()) {
      rows.addAll(peerRows(f.name()));
    }
    return rows;
  }

  /**
   * Returns the rows of one plugged-in lock, or of one of its deployments ({@code
   * redisson-rlock@single-replica}).
   *
   * @param spec the lock's name, optionally with {@code @deployment}
   * @return the rows
   * @throws IllegalArgumentException if the lock is unknown or does not run on that deployment
   */
  public static List<Row> peerRows(String spec) {
    int at = spec.indexOf('@');
    TestedLockFactory f = TestedLocks.named(at < 0 ? spec : spec.substring(0, at));
    List<Row> rows = new ArrayList<>();
    for (LockKind k : LockKind.values()) {
      if (!f.deployments().contains(k)) {
        continue;
      }
      if (at >= 0 && k != parseLock(spec.substring(at + 1))) {
        continue;
      }
      rows.add(new Row(k, false, f.name()));
      if (f.fencing()) {
        rows.add(new Row(k, true, f.name()));
      }
    }
    if (rows.isEmpty()) {
      throw new IllegalArgumentException(
          f.name()
              + " does not run on "
              + spec.substring(at + 1)
              + "; it runs on "
              + f.deployments().stream().map(Row::lockName).sorted().toList());
    }
    return rows;
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
      case JDBC_TABLE_POSTGRES -> "jdbc-table";
      case JDBC_FOR_UPDATE_POSTGRES -> "jdbc-for-update";
      case JDBC_TABLE_MARIADB -> "jdbc-table-mariadb";
      case JDBC_FOR_UPDATE_MARIADB -> "jdbc-for-update-mariadb";
      case FAIR -> "fair";
      case SENTINEL -> "sentinel";
      case CLUSTER -> "cluster";
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
   * Returns the row's label, e.g. {@code redlock+guard}, or {@code redisson-fenced@single+guard}
   * for a plugged-in lock.
   *
   * @return the label
   */
  public String label() {
    return (peer == null ? lockName(kind) : peer + "@" + lockName(kind))
        + (guarded ? "+guard" : "");
  }

  @Override
  public String toString() {
    return label();
  }
}
