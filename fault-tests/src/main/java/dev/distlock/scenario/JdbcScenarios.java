package dev.distlock.scenario;

import dev.distlock.client.Reply;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.HarnessException;
import dev.distlock.nemesis.ClockJump;
import dev.distlock.nemesis.CrashRestart;
import dev.distlock.nemesis.Nemesis;
import dev.distlock.nemesis.ProcessPause;
import dev.distlock.scenario.Overtake.When;
import dev.distlock.workload.Actor;
import dev.distlock.workload.Deployment;
import dev.distlock.workload.DeploymentOptions;
import dev.distlock.workload.LockKind;
import dev.distlock.workload.Run;
import dev.distlock.workload.RunResult;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * The targeted scenarios of the database locks ({@link LockKind#jdbc()} kinds), in the shape of
 * {@link Overtake}: two clients in child JVMs reach the database through Toxiproxy; the inventory
 * lives in the (never faulted) resource redis-server, behind the guard or not.
 */
public final class JdbcScenarios {
  private static final DeploymentOptions OPTIONS = DeploymentOptions.defaults();

  /**
   * Restarts take seconds (crash recovery): a TTL that outlives them keeps the holder's lease valid
   * through a restart, so only the lock's own behaviour decides who gets in.
   */
  private static final DeploymentOptions SLOW_FAULT = OPTIONS.withTtl(Duration.ofSeconds(8));

  private JdbcScenarios() {}

  /**
   * The holder's JVM is frozen longer than the TTL. Lock table: its row expires on the database's
   * clock. FOR UPDATE: the server drops the idle session (idle-in-transaction timeout = TTL) and
   * with it the row lock. Either way the second client gets in and sells; the holder wakes and
   * writes the stock it read before. Unguarded the sale is lost; guarded the write is rejected.
   *
   * @param cluster owns the servers
   * @param kind a JDBC kind
   * @param fault false for the control
   * @param guarded whether resource accesses go through the guard
   * @return the checked run
   */
  public static RunResult clientPause(
      ClusterExtension cluster, LockKind kind, boolean fault, boolean guarded) {
    Deployment d = Deployment.start(requireJdbc(kind), OPTIONS, cluster);
    String name =
        label(kind) + "-client-pause-" + (guarded ? "guarded" : "unguarded") + suffix(fault);
    try (Run run = Run.start(name, d, guarded, TargetedScenarios.STOCK)) {
      Actor first = run.actor(d.client(1));
      Actor second = run.actor(d.client(2));
      Nemesis n = fault ? ProcessPause.clients(List.of(first.client())) : Nemesis.none();
      // MariaDB counts the idle timeout in whole seconds: 2 s for a 1.5 s TTL, plus a tick.
      Overtake.play(run, first, second, n, When.WHILE_HELD, OPTIONS.ttl().multipliedBy(4));
      return run.finish();
    }
  }

  /**
   * The database is killed (SIGKILL) and restarted while the first client holds the lock. Lock
   * table: the committed row survives and the second client is refused until the first releases.
   * FOR UPDATE: every session is gone, so the row lock is free as soon as the database answers; the
   * second client gets in while the first, which learns only at its next check, still believes; the
   * fence (committed apart from the holding transaction) grows, so the guard rejects the first.
   *
   * @param cluster owns the servers
   * @param kind a JDBC kind
   * @param fault false for the control
   * @return the checked run (guarded)
   */
  public static RunResult crashRestart(ClusterExtension cluster, LockKind kind, boolean fault) {
    Deployment d = Deployment.start(requireJdbc(kind), SLOW_FAULT, cluster);
    String name = label(kind) + "-crash-restart" + suffix(fault);
    try (Run run = Run.start(name, d, true, TargetedScenarios.STOCK)) {
      Actor first = run.actor(d.client(1));
      Actor second = run.actor(d.client(2));
      Nemesis n = fault ? CrashRestart.databases(List.of(d.database())) : Nemesis.none();
      Overtake.play(run, first, second, n, When.WHILE_HELD, Duration.ofSeconds(3));
      return run.finish();
    }
  }

  /**
   * The database server's wall clock jumps 60 s forward while the first client holds the lock (the
   * database runs under the clock-shift preload). Lock table: the row's expiry is compared with the
   * database's {@code now()}, so the lock is free at once and the second client gets in while the
   * first still holds; the fence still grows and the guard rejects the first. FOR UPDATE: the row
   * lock does not look at the clock, and the idle timeout runs on a timer, so the second client
   * waits.
   *
   * @param cluster owns the servers
   * @param kind a JDBC kind
   * @param fault false for the control
   * @return the checked run (guarded)
   */
  public static RunResult serverClockJump(ClusterExtension cluster, LockKind kind, boolean fault) {
    Deployment d = Deployment.start(requireJdbc(kind), OPTIONS.withClockShift(true), cluster);
    String name = label(kind) + "-clock-jump" + suffix(fault);
    try (Run run = Run.start(name, d, true, TargetedScenarios.STOCK)) {
      Actor first = run.actor(d.client(1));
      Actor second = run.actor(d.client(2));
      Nemesis n =
          fault
              ? ClockJump.databases(Duration.ofSeconds(60), List.of(d.database()))
              : Nemesis.none();
      Overtake.play(run, first, second, n, When.WHILE_HELD, OPTIONS.ttl().multipliedBy(2));
      return run.finish();
    }
  }

  /**
   * What {@link #clientClockJump} saw, for the test to assert on.
   *
   * @param result the checked run (unguarded: only the lock keeps the sale)
   * @param attempts the second client's reply to its acquire during each jump, in order
   * @param skews each jumped client's wall-clock offset, asked for and measured inside its JVM
   */
  public record ClientClockJump(RunResult result, List<Reply> attempts, List<Skew> skews) {}

  /**
   * One client's wall-clock offset during a jump.
   *
   * @param client "holder" or "contender"
   * @param asked the jump the nemesis made
   * @param observed the child's {@code System.currentTimeMillis()} minus the driver's
   */
  public record Skew(String client, Duration asked, Duration observed) {}

  /** One jump: how far the holder's and the contender's wall clocks are moved (zero: not). */
  private record Jump(Duration holder, Duration contender) {}

  /**
   * The wall clocks of the clients' JVMs jump (clock-shift preload) while the first client holds
   * the lock and is midway through a decrement: first the holder's clock 2×TTL ahead; then the
   * holder's 2×TTL behind while the second client's is 2×TTL ahead. During each jump the second
   * client tries to acquire for 2×TTL, so the holder's watchdog renews under the jumped clock.
   * Expiry is written and compared with the database's clock, so neither lock kind lets the second
   * client in: its attempts time out and it sells after the first released. A lock that computed or
   * compared expiry on a client's clock would fail in the second jump (the holder's renewal would
   * write an expiry already past, and the second client's clock would see any expiry passed):
   * {@code JdbcLock_TableClientClockExpiry}. Unguarded, so such a failure would also lose a sale.
   *
   * @param cluster owns the servers
   * @param kind a JDBC kind
   * @return the checked run, the second client's attempts and the clock offsets measured
   */
  public static ClientClockJump clientClockJump(ClusterExtension cluster, LockKind kind) {
    Deployment d = Deployment.start(requireJdbc(kind), OPTIONS, cluster);
    Duration far = OPTIONS.ttl().multipliedBy(2);
    List<Reply> attempts = new ArrayList<>();
    List<Skew> skews = new ArrayList<>();
    try (Run run =
        Run.start(label(kind) + "-client-clock-jump", d, false, TargetedScenarios.STOCK)) {
      Actor first = run.actor(d.client(1, true));
      Actor second = run.actor(d.client(2, true));
      Overtake.require(first.acquire(Overtake.WAIT), "the first client acquires");
      Overtake.require(first.beginDecrement(), "the first client reads the stock");
      boolean overtaken = false;
      for (Jump jump : List.of(new Jump(far, Duration.ZERO), new Jump(far.negated(), far))) {
        List<Nemesis> jumps =
            List.of(
                ClockJump.clients(jump.holder(), List.of(first.client())),
                ClockJump.clients(jump.contender(), List.of(second.client())));
        jumps.forEach(run::inject);
        skews.add(new Skew("holder", jump.holder(), wallClockOffset(first)));
        skews.add(new Skew("contender", jump.contender(), wallClockOffset(second)));
        Reply got = second.acquire(far);
        attempts.add(got);
        jumps.forEach(run::heal);
        if (got instanceof Reply.Ok) {
          second.decrement();
          second.release();
          overtaken = true;
          break;
        }
      }
      first.finishDecrement();
      first.release();
      if (!overtaken) {
        Overtake.require(second.acquire(Overtake.WAIT), "the second client acquires after");
        second.decrement();
        second.release();
      }
      return new ClientClockJump(run.finish(), attempts, skews);
    }
  }

  /** The child's wall clock minus the driver's, read around the probe's round trip. */
  private static Duration wallClockOffset(Actor actor) {
    long before = System.currentTimeMillis();
    Reply r = actor.client().probe("probe-clock", Overtake.WAIT);
    long after = System.currentTimeMillis();
    long child = ((Reply.Ok) Overtake.require(r, actor + " reports its wall clock")).asLong();
    return Duration.ofMillis(child - (before + after) / 2);
  }

  /**
   * FOR UPDATE: the database kills the holder's session (as it does for a connection it considers
   * dead) while the holder, midway through a decrement, runs on. The row lock is free at once; the
   * second client takes it and sells; the first writes the stock it read before, then learns of the
   * loss. The control runs the same steps without the kill: the second client waits.
   *
   * @param cluster owns the servers
   * @param kind a FOR UPDATE kind
   * @param fault false for the control
   * @param guarded whether resource accesses go through the guard
   * @return the checked run
   */
  public static RunResult connectionKilled(
      ClusterExtension cluster, LockKind kind, boolean fault, boolean guarded) {
    Deployment d = Deployment.start(requireJdbc(kind), SLOW_FAULT, cluster);
    String name =
        label(kind) + "-connection-killed-" + (guarded ? "guarded" : "unguarded") + suffix(fault);
    try (Run run = Run.start(name, d, guarded, TargetedScenarios.STOCK)) {
      Actor first = run.actor(d.client(1));
      Actor second = run.actor(d.client(2));
      Overtake.require(first.acquire(Overtake.WAIT), "the first client acquires");
      Overtake.require(first.beginDecrement(), "the first client reads the stock");
      if (fault) {
        killHolderSession(d);
      }
      Reply got = second.acquire(fault ? Overtake.WAIT : Duration.ofMillis(500));
      if (got instanceof Reply.Ok) {
        second.decrement();
      }
      first.finishDecrement();
      first.release();
      if (got instanceof Reply.Ok) {
        second.release();
      } else {
        Overtake.require(second.acquire(Overtake.WAIT), "the second client acquires after");
        second.decrement();
        second.release();
      }
      return run.finish();
    }
  }

  private static void killHolderSession(Deployment d) {
    try {
      int killed = d.database().killSessionsInTransaction();
      if (killed != 1) {
        throw new IllegalStateException(
            "scenario step failed: expected one session holding the row lock, killed " + killed);
      }
    } catch (SQLException e) {
      throw new HarnessException("could not kill the holder's session on " + d.database(), e);
    }
  }

  private static LockKind requireJdbc(LockKind kind) {
    if (!kind.jdbc()) {
      throw new IllegalArgumentException(kind + " is not a database lock");
    }
    return kind;
  }

  private static String label(LockKind kind) {
    return kind.name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
  }

  private static String suffix(boolean fault) {
    return fault ? "" : "-control";
  }
}
