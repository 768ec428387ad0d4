package dev.distlock.matrix;

import dev.distlock.Fault;
import dev.distlock.SafetyProperty;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.generator.LoadGenerator;
import dev.distlock.generator.LoadPlan;
import dev.distlock.testbed.TestedLocks;
import dev.distlock.workload.Deployment;
import dev.distlock.workload.DeploymentOptions;
import dev.distlock.workload.LockKind;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * The continuous runs of a campaign: each on fresh servers and clients (the lock with its watchdog
 * on, the TTL or session timeout of the plan), recorded with their liveness findings; a failing one
 * prints the one command that replays it.
 */
public final class ContinuousRuns {
  private final CampaignOptions options;
  private final RunRecorder recorder;
  private final Consumer<String> progress;

  ContinuousRuns(CampaignOptions options, RunRecorder recorder, Consumer<String> progress) {
    this.options = options;
    this.recorder = recorder;
    this.progress = progress;
  }

  /** The plan of a row and column for a seed: from {@code --load-plan} if given. */
  LoadPlan plan(Row row, Column column, long seed) {
    return options.loadPlan() != null
        ? LoadGenerator.parse(row.kind(), row.guarded(), column.fault(), seed, options.loadPlan())
        : LoadGenerator.generate(
            row.kind(), row.guarded(), column.fault(), seed, options.continuous().toMillis());
  }

  /** One continuous run of a row of a cell, on fresh servers and clients. */
  RunRecord run(Scope scope, Row row, Column column, long seed, int index) {
    LoadPlan plan = plan(row, column, seed);
    String name = Campaign.cellName(row, column) + "-c" + index;
    long start = System.nanoTime();
    scope.begin();
    try {
      LoadExecutor.Outcome o =
          LoadExecutor.execute(plan, deploy(scope, plan, row.peer()), name, fencing(row));
      RunRecord rec = recorder.record(plan, o, System.nanoTime() - start);
      List<String> violated = new ArrayList<>();
      for (SafetyProperty p : SafetyProperty.values()) {
        if (rec.verdict(p) == PropertyVerdict.VIOLATED) {
          violated.add(p.name());
        }
      }
      if (rec.load().liveness() == PropertyVerdict.VIOLATED) {
        violated.add("LIVENESS");
      }
      if (!violated.isEmpty()) {
        progress.accept(
            "    " + name + ": " + violated + " violated; replay: " + replay(row, column, plan));
      }
      return rec;
    } catch (RuntimeException e) {
      progress.accept(
          "    " + name + ": run failed: " + e + "; replay: " + replay(row, column, plan));
      return recorder.errored(plan, e);
    } finally {
      scope.end();
    }
  }

  /** Runs a candidate plan of a shrink and says whether it still fails. */
  boolean stillFails(
      Scope scope, Row row, Column column, LoadPlan plan, Predicate<LoadExecutor.Outcome> fails) {
    scope.begin();
    try {
      return fails.test(
          LoadExecutor.execute(
              plan,
              deploy(scope, plan, row.peer()),
              Campaign.cellName(row, column) + "-shrink",
              fencing(row)));
    } catch (RuntimeException e) {
      return false;
    } finally {
      scope.end();
    }
  }

  static boolean violated(LoadExecutor.Outcome o, SafetyProperty p) {
    return o.result().verdict(p) == PropertyVerdict.VIOLATED;
  }

  /**
   * Returns the one command that replays a continuous plan exactly (modulo real concurrency).
   *
   * @param row the row
   * @param column the column
   * @param plan the plan
   * @return a {@code scripts/run.sh} command line
   */
  public static String replay(Row row, Column column, LoadPlan plan) {
    return "scripts/run.sh --locks "
        + row.label()
        + " --nemeses "
        + column.label()
        + " --runs 1 --seed "
        + plan.seed()
        + " --workload continuous --load-plan '"
        + plan.encode()
        + "'";
  }

  /** A plugged-in peer without fencing tokens hands out none: token sanity does not apply. */
  private static boolean fencing(Row row) {
    return row.peer() == null || TestedLocks.named(row.peer()).fencing();
  }

  private static Deployment deploy(Scope scope, LoadPlan plan, String peer) {
    DeploymentOptions d = DeploymentOptions.defaults();
    DeploymentOptions o =
        new DeploymentOptions(
            plan.ttl(),
            true,
            d.requestTimeout(),
            plan.kind() == LockKind.ZOOKEEPER ? plan.ttl() : d.sessionTimeout(),
            false,
            plan.column().orElse(null) == Fault.CLOCK_JUMP);
    return Deployment.start(plan.kind(), o, scope.cluster(), peer);
  }
}
