package dev.distlock.matrix;

import dev.distlock.SafetyProperty;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.client.ClientProcess;
import dev.distlock.generator.LoadPlan;
import dev.distlock.generator.Plan;
import dev.distlock.generator.PlanGenerator;
import dev.distlock.generator.Seeds;
import dev.distlock.generator.Shrinker;
import dev.distlock.workload.Deployment;
import dev.distlock.workload.DeploymentOptions;
import dev.distlock.workload.LockKind;
import dev.distlock.workload.RunResult;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.function.Consumer;

/**
 * Runs the matrix: for every selected lock and column, {@code runs} seeded plans on real servers,
 * once without and once with the resource guard (the two rows of a lock share each deployment: the
 * plans differ only in the guard), then compares each cell with the TLA+ expectation. Progress goes
 * to a listener, one line per cell with the elapsed time.
 */
public final class Campaign {
  private final CampaignOptions options;
  private final Expectations expectations;
  private final Consumer<String> progress;
  private final RunRecorder recorder;
  private final ContinuousRuns continuous;

  /**
   * Creates a campaign.
   *
   * @param options the settings
   * @param expectations the TLA+ expectations
   * @param progress receives one line per finished cell (and per failing run)
   */
  public Campaign(CampaignOptions options, Expectations expectations, Consumer<String> progress) {
    this.options = options;
    this.expectations = expectations;
    this.progress = progress;
    this.recorder = new RunRecorder(options.out().resolve("runs"));
    this.continuous = new ContinuousRuns(options, recorder, progress);
  }

  /**
   * Runs every cell and returns the matrix. Servers and client JVMs are closed before it returns,
   * also when it throws.
   *
   * @param command the command line, for the report
   * @return the matrix
   */
  public MatrixResult run(String command) {
    Instant started = Instant.now();
    long t0 = System.nanoTime();
    long deadline = t0 + options.budget().toNanos();
    // A lock is a deployment kind plus, for a plugged-in peer, its name: its rows share servers.
    List<Row> locks =
        options.rows().stream().map(r -> new Row(r.kind(), false, r.peer())).distinct().toList();
    List<Cell> cells = new ArrayList<>();
    for (Row lock : locks) {
      LockKind k = lock.kind();
      for (Column c : options.columns()) {
        if (c.appliesTo(k)) {
          List<Row> rows =
              options.rows().stream()
                  .filter(r -> r.kind() == k && Objects.equals(r.peer(), lock.peer()))
                  .toList();
          cells.add(new Cell(k, c, rows, lock.peer()));
        }
      }
    }
    Map<String, CellResult> results = new LinkedHashMap<>();
    try (Scope scope = new Scope()) {
      for (int i = 0; i < cells.size(); i++) {
        Cell cell = cells.get(i);
        long share = (deadline - System.nanoTime()) / (cells.size() - i);
        long cellDeadline = System.nanoTime() + share;
        Map<Row, List<RunRecord>> runs = new LinkedHashMap<>();
        cell.rows().forEach(r -> runs.put(r, new ArrayList<>()));
        for (int n = 0; n < options.runs(); n++) {
          if (n > 0 && System.nanoTime() - cellDeadline > 0) {
            break;
          }
          long seed = Seeds.forRun(options.seed(), n);
          if (options.targeted()) {
            for (Map.Entry<Row, RunRecord> e : runBoth(scope, cell, seed, n).entrySet()) {
              runs.get(e.getKey()).add(e.getValue());
            }
          }
          // Quick: one continuous run per row and cell; soak: one per seeded plan.
          if (options.continuousIn(cell.kind(), cell.column())
              && (n == 0 || options.profile().equals("soak"))) {
            for (Row row : cell.rows()) {
              runs.get(row).add(continuous.run(scope, row, cell.column(), seed, n));
            }
          }
        }
        // A predicted violation is existential: another seeded plan can only add evidence, never
        // hide a disagreement (a violation seen in any run stands). A race-dependent violation
        // (the dual-write split's lost update) is sometimes missed by one plan on a loaded
        // machine, so a cell whose prediction no run reached gets up to EXTRA_PLANS more plans,
        // within the campaign's budget.
        for (int extra = 0;
            extra < EXTRA_PLANS
                && options.targeted()
                && System.nanoTime() - deadline < 0
                && cell.rows().stream()
                    .anyMatch(
                        row ->
                            predictionUnreached(
                                new CellResult(
                                    row,
                                    cell.column(),
                                    runs.get(row),
                                    expectationsOf(row, cell.column()),
                                    Map.of())));
            extra++) {
          int n = options.runs() + extra;
          for (Map.Entry<Row, RunRecord> e :
              runBoth(scope, cell, Seeds.forRun(options.seed(), n), n).entrySet()) {
            runs.get(e.getKey()).add(e.getValue());
          }
        }
        for (Row row : cell.rows()) {
          CellResult r = cellResult(scope, cell, row, runs.get(row), cellDeadline);
          results.put(r.id(), r);
          progress.accept(line(r, t0));
        }
      }
    }
    List<CellResult> ordered = new ArrayList<>();
    for (Row row : options.rows()) {
      for (Column c : options.columns()) {
        CellResult r = results.get(new CellResult(row, c, List.of(), Map.of(), Map.of()).id());
        if (r != null) {
          ordered.add(r);
        }
      }
    }
    return new MatrixResult(
        options, command, started, Duration.ofNanos(System.nanoTime() - t0), ordered);
  }

  /**
   * A lock and a column, with the rows of that lock the campaign runs; {@code peer} names the
   * plugged-in lock, null for distlock's.
   */
  private record Cell(LockKind kind, Column column, List<Row> rows, String peer) {}

  /** Runs the plan of {@code seed} for every row of the cell, sharing deployments where it can. */
  private Map<Row, RunRecord> runBoth(Scope scope, Cell cell, long seed, int index) {
    Map<Row, RunRecord> out = new LinkedHashMap<>();
    Deployment d = null;
    Map<Integer, ClientProcess> clients = new TreeMap<>();
    try {
      for (Row row : cell.rows()) {
        Plan plan = PlanGenerator.generate(cell.kind(), row.guarded(), cell.column().fault(), seed);
        // A failover cannot be undone: every plan with one gets fresh servers. Dual-write clients
        // carry state from run to run (a node still in a client's retry queue after the last
        // run's fault, and fence counters that drifted apart), which would make the next run's
        // tokens depend on the previous run: every dual-write plan gets fresh servers and clients.
        if (d == null || cell.column() == Column.FAILOVER || cell.kind() == LockKind.DUAL_WRITE) {
          if (d != null) {
            scope.end();
          }
          scope.begin();
          clients.clear();
          d = deploy(scope, plan, cell.column(), cell.peer());
        }
        out.put(
            row, runOne(d, clients, plan, cellName(row, cell.column()) + "-r" + index, row, cell));
      }
    } catch (RuntimeException e) {
      for (Row row : cell.rows()) {
        Plan plan = PlanGenerator.generate(cell.kind(), row.guarded(), cell.column().fault(), seed);
        out.putIfAbsent(row, recorder.errored(plan, e));
      }
    } finally {
      if (d != null) {
        scope.end();
      }
    }
    return out;
  }

  private RunRecord runOne(
      Deployment d,
      Map<Integer, ClientProcess> clients,
      Plan plan,
      String name,
      Row row,
      Cell cell) {
    long start = System.nanoTime();
    try {
      RunResult r = PlanExecutor.execute(plan, d, clients, name);
      RunRecord rec = recorder.record(plan, r, System.nanoTime() - start);
      for (SafetyProperty p : SafetyProperty.values()) {
        if (rec.verdict(p) == PropertyVerdict.VIOLATED) {
          progress.accept(
              "    "
                  + name
                  + ": "
                  + p
                  + " violated; replay: scripts/run.sh --locks "
                  + row.label()
                  + " --nemeses "
                  + cell.column().label()
                  + " --runs 1 --seed "
                  + plan.seed()
                  + " --workload targeted (plan: "
                  + plan.describe()
                  + ")");
          break;
        }
      }
      return rec;
    } catch (RuntimeException e) {
      progress.accept("    " + name + ": run failed: " + e);
      return recorder.errored(plan, e);
    }
  }

  private static Deployment deploy(Scope scope, Plan plan, Column column, String peer) {
    DeploymentOptions d = DeploymentOptions.defaults();
    DeploymentOptions o =
        new DeploymentOptions(
            plan.ttl(),
            false,
            d.requestTimeout(),
            plan.kind().zooKeeper() ? plan.ttl() : d.sessionTimeout(),
            false,
            column == Column.CLOCK_JUMP);
    return Deployment.start(plan.kind(), o, scope.cluster(), peer);
  }

  /** Extra targeted plans for a cell whose predicted violation no plan reached. */
  static final int EXTRA_PLANS = 2;

  /** True if some property the model predicts violated was seen violated by no run. */
  static boolean predictionUnreached(CellResult cell) {
    for (SafetyProperty p : SafetyProperty.values()) {
      if (cell.outcome(p) == Outcome.NOT_REACHED) {
        return true;
      }
    }
    return false;
  }

  private Map<SafetyProperty, Expectation> expectationsOf(Row row, Column column) {
    Map<SafetyProperty, Expectation> exp = new EnumMap<>(SafetyProperty.class);
    for (SafetyProperty p : SafetyProperty.values()) {
      exp.put(p, expectations.of(row, column, p));
    }
    return exp;
  }

  private CellResult cellResult(
      Scope scope, Cell cell, Row row, List<RunRecord> runs, long cellDeadline) {
    Map<SafetyProperty, Expectation> exp = expectationsOf(row, cell.column());
    CellResult result = new CellResult(row, cell.column(), runs, exp, Map.of());
    Map<SafetyProperty, CellResult.Shrunk> shrunk = new EnumMap<>(SafetyProperty.class);
    if (options.shrinkAttempts() > 0) {
      for (SafetyProperty p : SafetyProperty.values()) {
        // An expected violation is shrunk on its targeted plan (small and fast); a continuous
        // plan is shrunk only when its violation disagrees with the model.
        boolean disagrees = result.outcome(p) == Outcome.DISAGREES;
        var first =
            result.checkedRuns().stream()
                .filter(r -> r.verdict(p) == PropertyVerdict.VIOLATED)
                .filter(r -> disagrees || r.plan() instanceof Plan)
                .findFirst();
        if (first.isEmpty() || System.nanoTime() - cellDeadline > 0) {
          continue;
        }
        if (first.get().plan() instanceof LoadPlan load) {
          Shrinker.Result<LoadPlan> s =
              Shrinker.shrink(
                  load,
                  candidate ->
                      System.nanoTime() - cellDeadline < 0
                          && continuous.stillFails(
                              scope,
                              row,
                              cell.column(),
                              candidate,
                              o -> ContinuousRuns.violated(o, p)),
                  options.shrinkAttempts());
          shrunk.put(p, new CellResult.Shrunk(s.smallest(), s.attempts()));
          progress.accept(
              "    smallest continuous plan still violating "
                  + p
                  + ": "
                  + ContinuousRuns.replay(row, cell.column(), s.smallest()));
          continue;
        }
        Shrinker.Result<Plan> s =
            Shrinker.shrink(
                (Plan) first.get().plan(),
                candidate ->
                    System.nanoTime() - cellDeadline < 0
                        && stillViolates(scope, cell, row, candidate, p),
                options.shrinkAttempts());
        shrunk.put(p, new CellResult.Shrunk(s.smallest(), s.attempts()));
      }
      var live = result.firstLivenessViolation();
      if (live.isPresent()
          && live.get().plan() instanceof LoadPlan load
          && System.nanoTime() - cellDeadline < 0) {
        Shrinker.Result<LoadPlan> s =
            Shrinker.shrink(
                load,
                candidate ->
                    System.nanoTime() - cellDeadline < 0
                        && continuous.stillFails(
                            scope,
                            row,
                            cell.column(),
                            candidate,
                            o ->
                                dev.distlock.check.LivenessChecks.verdict(o.liveness())
                                    == PropertyVerdict.VIOLATED),
                options.shrinkAttempts());
        progress.accept(
            "    smallest continuous plan still violating LIVENESS ("
                + s.attempts()
                + " attempts): "
                + ContinuousRuns.replay(row, cell.column(), s.smallest()));
      }
    }
    return new CellResult(row, cell.column(), runs, exp, shrunk);
  }

  private boolean stillViolates(Scope scope, Cell cell, Row row, Plan plan, SafetyProperty p) {
    scope.begin();
    try {
      Deployment d = deploy(scope, plan, cell.column(), cell.peer());
      RunResult r =
          PlanExecutor.execute(plan, d, new TreeMap<>(), cellName(row, cell.column()) + "-shrink");
      return r.verdict(p) == PropertyVerdict.VIOLATED;
    } catch (RuntimeException e) {
      return false;
    } finally {
      scope.end();
    }
  }

  static String cellName(Row row, Column column) {
    return "matrix-" + row.label().replace('+', '-') + "-" + column.label();
  }

  private static String line(CellResult r, long t0) {
    StringBuilder sb = new StringBuilder();
    sb.append(
        String.format(
            "[%6.1fs] %-22s %-14s", (System.nanoTime() - t0) / 1e9, r.row(), r.column().label()));
    for (SafetyProperty p : SafetyProperty.values()) {
      sb.append(' ').append(Cells.shortText(r, p));
    }
    sb.append(" LV:").append(Cells.livenessCode(r));
    if (r.recoveryMillis() >= 0) {
      sb.append(String.format(" (recovery %.0f ms)", r.recoveryMillis()));
    }
    sb.append("  (").append(r.runs().size()).append(" runs)");
    return sb.toString();
  }
}
