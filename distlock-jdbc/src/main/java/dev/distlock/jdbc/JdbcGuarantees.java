package dev.distlock.jdbc;

import static dev.distlock.Fault.CLIENT_PAUSE;
import static dev.distlock.Fault.CLOCK_JUMP;
import static dev.distlock.Fault.CRASH_RESTART;
import static dev.distlock.Fault.FAILOVER;

import dev.distlock.Guarantee;
import dev.distlock.Guarantees;
import dev.distlock.SafetyProperty;
import java.util.EnumSet;
import java.util.List;

/**
 * What the JDBC locks promise, with the TLA+ property ({@code tla/src/main/tla/JdbcLock.tla}; e.g.
 * {@code JdbcLock_TablePauseOverExpiry}, {@code JdbcLock_TableServerClockJump}, {@code
 * JdbcLock_TableRestore}, {@code JdbcLock_ForUpdateDrop}, {@code JdbcLock_ForUpdateDropGuarded})
 * and the fault test that check each statement. "Failover" here covers every way the database comes
 * back with older data: promotion of a lagging asynchronous replica, restore from a backup.
 */
final class JdbcGuarantees {
  private JdbcGuarantees() {}

  static final Guarantees TABLE =
      new Guarantees(
          "jdbc-table",
          List.of(
              new Guarantee(
                  SafetyProperty.MUTUAL_EXCLUSION,
                  EnumSet.of(CLIENT_PAUSE, CLOCK_JUMP, FAILOVER),
                  "JdbcLock!MutualExclusion",
                  "JdbcTargetedIT",
                  "The row's expiry runs on the database's clock: a holder paused past its TTL, a"
                      + " database clock jumping ahead, or a database restored to a point before"
                      + " the acquisition lets a second client in. Committed rows survive a crash"
                      + " and restart; partitions, latency and pauses of the database are safe"
                      + " because validity is measured from before the request was sent."),
              new Guarantee(
                  SafetyProperty.TOKEN_MONOTONIC,
                  EnumSet.of(FAILOVER),
                  "JdbcLock!TokenMonotonic",
                  "JdbcTargetedIT",
                  "The fence is a column of a row that is never deleted and is incremented in the"
                      + " acquiring statement; only a database that forgot committed rows"
                      + " (restore, lagging replica) hands a token out again."),
              new Guarantee(
                  SafetyProperty.RESOURCE_SAFETY,
                  EnumSet.of(FAILOVER),
                  "FencedResource!NoLostUpdate",
                  "JdbcTargetedIT",
                  "The guard rejects a paused holder's stale token; it cannot help once tokens"
                      + " repeat after a restore.")));

  /**
   * The FOR UPDATE lock on PostgreSQL, and on a database not named up front: the server's idle
   * timer compares with the wall clock when any alarm of the session fires, so a forward jump of
   * the database's clock can drop an idle holder's session early (seen on PostgreSQL 15).
   */
  static final Guarantees FOR_UPDATE =
      forUpdate(
          EnumSet.of(CLIENT_PAUSE, CLOCK_JUMP, CRASH_RESTART, FAILOVER),
          " PostgreSQL's idle timer compares with the wall clock when an alarm fires, so a forward jump"
              + " of the database's clock can drop an idle holder early.");

  /**
   * The FOR UPDATE lock on MariaDB: the idle timeout is a socket read timeout, a monotonic wait.
   */
  static final Guarantees FOR_UPDATE_MARIADB =
      forUpdate(
          EnumSet.of(CLIENT_PAUSE, CRASH_RESTART, FAILOVER),
          " MariaDB's idle timeout is a socket read timeout, so clock jumps do not matter.");

  /**
   * What the FOR UPDATE lock promises on {@code dialect}; unknown (empty): the weaker statement.
   */
  static Guarantees forUpdate(java.util.Optional<JdbcDialect> dialect) {
    return dialect.orElse(JdbcDialect.POSTGRESQL) == JdbcDialect.MARIADB
        ? FOR_UPDATE_MARIADB
        : FOR_UPDATE;
  }

  private static Guarantees forUpdate(
      EnumSet<dev.distlock.Fault> exclusionBreaks, String clockNote) {
    return new Guarantees(
        "jdbc-for-update",
        List.of(
            new Guarantee(
                SafetyProperty.MUTUAL_EXCLUSION,
                exclusionBreaks,
                "JdbcLock!MutualExclusion",
                "JdbcTargetedIT",
                "The row lock lives exactly as long as the holder's database session. When the"
                    + " database drops it (idle timeout after a client pause longer than the"
                    + " TTL, a restart, a killed session) the lock is free at once, but the"
                    + " holder learns it only at its next check, up to one renewal interval"
                    + " later: two holders meanwhile. A partition or a paused database is safe:"
                    + " the session outlives the holder's validity."
                    + clockNote),
            new Guarantee(
                SafetyProperty.TOKEN_MONOTONIC,
                EnumSet.of(FAILOVER),
                "JdbcLock!TokenMonotonic",
                "JdbcTargetedIT",
                "The fence is committed on its own connection right after the row lock is"
                    + " taken, so a dropped holding transaction does not roll it back; only a"
                    + " database that forgot committed rows repeats a token."),
            new Guarantee(
                SafetyProperty.RESOURCE_SAFETY,
                EnumSet.of(FAILOVER),
                "FencedResource!NoLostUpdate",
                "JdbcTargetedIT",
                "When the database dropped the holder's session and a second client got the"
                    + " lock, the second has the larger token and the guard rejects the first.")));
  }
}
