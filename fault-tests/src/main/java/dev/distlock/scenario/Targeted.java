package dev.distlock.scenario;

import dev.distlock.Fault;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.workload.LockKind;
import dev.distlock.workload.RunResult;

/**
 * The targeted scenarios as a closed list, for code that runs them generically (the safety matrix):
 * each names its lock kind and fault and runs with the fault or as its control.
 */
public enum Targeted {
  /** {@link TargetedScenarios#singleRedisClientPause} without the guard. */
  SINGLE_CLIENT_PAUSE_UNGUARDED(LockKind.SINGLE, Fault.CLIENT_PAUSE),
  /** {@link TargetedScenarios#singleRedisClientPause} with the guard. */
  SINGLE_CLIENT_PAUSE(LockKind.SINGLE, Fault.CLIENT_PAUSE),
  /** {@link TargetedScenarios#singleRedisFailover}. */
  SINGLE_REPLICA_FAILOVER(LockKind.SINGLE_REPLICA, Fault.FAILOVER),
  /** {@link TargetedScenarios#redlockClockJump}. */
  REDLOCK_CLOCK_JUMP(LockKind.REDLOCK, Fault.CLOCK_JUMP),
  /** {@link TargetedScenarios#redlockCrashRestart}; its control keeps data with AOF. */
  REDLOCK_CRASH_RESTART(LockKind.REDLOCK, Fault.CRASH_RESTART),
  /** {@link TargetedScenarios#dualWriteSplitBrain}. */
  DUAL_WRITE_PARTITION(LockKind.DUAL_WRITE, Fault.PARTITION),
  /** {@link TargetedScenarios#dualWriteSuccessiveOutages}. */
  DUAL_WRITE_SERVER_PAUSE(LockKind.DUAL_WRITE, Fault.SERVER_PAUSE),
  /** {@link TargetedScenarios#zooKeeperSessionExpiry}. */
  ZOOKEEPER_CLIENT_PAUSE(LockKind.ZOOKEEPER, Fault.CLIENT_PAUSE);

  private final LockKind kind;
  private final Fault fault;

  Targeted(LockKind kind, Fault fault) {
    this.kind = kind;
    this.fault = fault;
  }

  /**
   * Returns the lock deployment the scenario runs on.
   *
   * @return the kind
   */
  public LockKind kind() {
    return kind;
  }

  /**
   * Returns the fault the scenario injects.
   *
   * @return the fault
   */
  public Fault fault() {
    return fault;
  }

  /**
   * Runs the scenario.
   *
   * @param cluster owns the servers
   * @param withFault false for the control
   * @return the checked run
   */
  public RunResult run(ClusterExtension cluster, boolean withFault) {
    return switch (this) {
      case SINGLE_CLIENT_PAUSE_UNGUARDED ->
          TargetedScenarios.singleRedisClientPause(cluster, withFault, false);
      case SINGLE_CLIENT_PAUSE ->
          TargetedScenarios.singleRedisClientPause(cluster, withFault, true);
      case SINGLE_REPLICA_FAILOVER -> TargetedScenarios.singleRedisFailover(cluster, withFault);
      case REDLOCK_CLOCK_JUMP -> TargetedScenarios.redlockClockJump(cluster, withFault);
      case REDLOCK_CRASH_RESTART -> TargetedScenarios.redlockCrashRestart(cluster, !withFault);
      case DUAL_WRITE_PARTITION -> TargetedScenarios.dualWriteSplitBrain(cluster, withFault);
      case DUAL_WRITE_SERVER_PAUSE ->
          TargetedScenarios.dualWriteSuccessiveOutages(cluster, withFault);
      case ZOOKEEPER_CLIENT_PAUSE -> TargetedScenarios.zooKeeperSessionExpiry(cluster, withFault);
    };
  }
}
