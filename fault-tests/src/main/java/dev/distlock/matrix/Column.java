package dev.distlock.matrix;

import dev.distlock.Fault;
import dev.distlock.workload.LockKind;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** The columns of the matrix: no fault (the control), then each fault of the fault model. */
public enum Column {
  /** No fault. */
  NONE(null),
  /** Client↔node links cut. */
  PARTITION(Fault.PARTITION),
  /** Delayed responses. */
  LATENCY(Fault.LATENCY),
  /** Lock servers stopped (SIGSTOP). */
  SERVER_PAUSE(Fault.SERVER_PAUSE),
  /** The holder's JVM stopped (SIGSTOP). */
  CLIENT_PAUSE(Fault.CLIENT_PAUSE),
  /** Lock servers' wall clocks jump forward. */
  CLOCK_JUMP(Fault.CLOCK_JUMP),
  /** Lock servers killed and restarted without persistence. */
  CRASH_RESTART(Fault.CRASH_RESTART),
  /** The master replaced by its lagging asynchronous replica. */
  FAILOVER(Fault.FAILOVER);

  private final Fault fault;

  Column(Fault fault) {
    this.fault = fault;
  }

  /**
   * Returns the fault of the column.
   *
   * @return the fault, empty for {@link #NONE}
   */
  public Optional<Fault> fault() {
    return Optional.ofNullable(fault);
  }

  /**
   * Returns the column's name in reports and options, e.g. {@code server-pause}.
   *
   * @return the label
   */
  public String label() {
    return name().toLowerCase(Locale.ROOT).replace('_', '-');
  }

  /**
   * Says whether the test bed can inject this column's fault into a deployment: clock jumps and
   * crash-restarts for redis-server, ensemble members and the databases, a failover needs the
   * replica (promoted by hand, or by Sentinel or the cluster themselves). Sentinel and Cluster have
   * neither clock jumps nor crash-restarts: a master that stops is what their failover column does,
   * and a restart before the servers fail over is the single row's crash-restart.
   *
   * @param kind the deployment
   * @return true if the cell exists
   */
  public boolean appliesTo(LockKind kind) {
    return switch (this) {
      case NONE, PARTITION, LATENCY, SERVER_PAUSE, CLIENT_PAUSE -> true;
      // The FOR UPDATE lock on PostgreSQL breaks under a clock jump only when another timer of
      // the holder's session fires after the jump (seen once: the idle-in-transaction timeout
      // fired 0.7 s into a 3 s TTL); no run can provoke that on demand, so the cell would only
      // ever say "not reached". The lock declares the weakness; the cell is left out.
      case CLOCK_JUMP ->
          !kind.zooKeeper() && kind != LockKind.JDBC_FOR_UPDATE_POSTGRES && !kind.serverFailover();
      // An ensemble member is restarted with its data (ZooKeeper persists every transaction).
      case CRASH_RESTART -> kind != LockKind.ZOOKEEPER && !kind.serverFailover();
      case FAILOVER -> kind == LockKind.SINGLE_REPLICA || kind.serverFailover();
    };
  }

  /**
   * Parses a label.
   *
   * @param label e.g. {@code clock-jump}
   * @return the column
   * @throws IllegalArgumentException for an unknown label, listing the known ones
   */
  public static Column parse(String label) {
    return Arrays.stream(values())
        .filter(c -> c.label().equals(label.trim()))
        .findFirst()
        .orElseThrow(
            () ->
                new IllegalArgumentException(
                    "unknown nemesis "
                        + label
                        + "; known: "
                        + Arrays.stream(values()).map(Column::label).toList()));
  }
}
