package dev.distlock;

/**
 * The faults of the distlock fault model (DESIGN.md). Each {@link Guarantee} names the faults that
 * break it; the fault-test bed injects each one on real servers.
 */
public enum Fault {
  /** Client and server cannot reach each other (dropped or refused traffic). */
  PARTITION,
  /** Requests and responses are delayed. */
  LATENCY,
  /** A server process is stopped (SIGSTOP) and resumed. */
  SERVER_PAUSE,
  /** A client process is stopped for longer than its lease (GC pause, SIGSTOP). */
  CLIENT_PAUSE,
  /** A server's wall clock jumps forward. */
  CLOCK_JUMP,
  /** A server is killed and restarted without persistence. */
  CRASH_RESTART,
  /** An asynchronous replica is promoted after the master is lost. */
  FAILOVER
}
