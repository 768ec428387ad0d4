package dev.distlock.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.SafetyProperty;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.report.Reports;
import dev.distlock.report.TerminalReport;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The quick campaign on real servers: every lock, with and without the guard, under every nemesis
 * that applies, one seeded plan per cell; every cell's verdicts must match the TLA+ expectation. A
 * predicted violation that no run reached fails this test as surely as a disagreement: "not
 * reached" is never counted as agreement. Replay a failure with the seed printed in the message.
 *
 * <p>The locks of round 2 (the four JDBC kinds, the ZooKeeper ensemble, the fair lock) run here
 * under {@link #NEW_ROW_NEMESES} only (a client pause: their mutual exclusion violated, their token
 * order and, guarded, their resource held), so the whole test command stays within its 20 minutes;
 * their fault-free runs are the contract tests' ({@code *ContractIT}), and {@code scripts/run.sh}
 * runs all their cells. The Sentinel and Cluster rows run their failover cell only (one cell per
 * row, {@link #DEPLOYMENT_ROWS}).
 *
 * <p>Besides the targeted plans, a subset of cells ({@link #CONTINUOUS_CELLS}: one per lock, each
 * under a different kind of fault) gets a short continuous run per row: clients looping over
 * several locks under a random nemesis schedule, checked for safety and liveness. Every cell would
 * not fit the CI budget; {@code scripts/run.sh} runs them all.
 */
class SafetyMatrixIT {
  /** Fixed, so CI is reproducible; the main command draws a fresh one. */
  private static final long SEED = 20_261_121L;

  /** The cells that also get a continuous run here (scripts/run.sh gives every cell one). */
  static final String CONTINUOUS_CELLS =
      "single:partition,single-replica:failover,redlock:crash-restart,dual-write:latency,"
          + "zookeeper:server-pause";

  /** The round-1 locks: every cell. */
  static final String FULL_ROWS = "single,single-replica,redlock,dual-write,zookeeper";

  /** The round-2 locks, in CI under {@link #NEW_ROW_NEMESES} only. */
  static final String NEW_ROWS =
      "jdbc-table,jdbc-for-update,jdbc-table-mariadb,jdbc-for-update-mariadb,"
          + "zookeeper-ensemble,fair";

  static final String NEW_ROW_NEMESES = "client-pause";

  /** The Sentinel and Cluster rows, in CI under {@link #DEPLOYMENT_ROW_NEMESES} only. */
  static final String DEPLOYMENT_ROWS = "sentinel,cluster";

  /**
   * One cell per Sentinel and Cluster row: the failover the servers decide, the one thing these
   * deployments add to the single row; {@code scripts/run.sh} runs all their cells.
   */
  static final String DEPLOYMENT_ROW_NEMESES = "failover";

  @Test
  @Timeout(value = 15, unit = TimeUnit.MINUTES)
  void theSentinelAndClusterRowsAgreeWithTheTlaModelUnderTheirOwnFailover() throws Exception {
    MatrixResult m = targeted(DEPLOYMENT_ROWS, DEPLOYMENT_ROW_NEMESES, "8m", "deployment-rows");
    assertThat(m.cells()).as("cells: 2 locks x 2 rows x 1 column").hasSize(4);
    // Every property of these cells is predicted violated: "not reached" fails here too.
    assertThat(disagreements(m))
        .as("cells that do not agree with the model:\n%s", TerminalReport.render(m))
        .isEmpty();
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void theNewRowsAgreeWithTheTlaModelUnderAClientPause() throws Exception {
    MatrixResult m = targeted(NEW_ROWS, NEW_ROW_NEMESES, "10m", "new-rows");
    assertThat(m.cells()).as("cells: 6 locks x 2 rows x 1 column").hasSize(12);
    assertThat(disagreements(m))
        .as("cells that do not agree with the model:\n%s", TerminalReport.render(m))
        .isEmpty();
    assertThat(m.cells().stream().flatMap(c -> c.checkedRuns().stream()))
        .anyMatch(r -> r.verdicts().containsValue(PropertyVerdict.VIOLATED));
  }

  /**
   * Runs the targeted plans of some rows and columns, one plan per cell, prints the matrix and
   * writes the report to {@code target/report-it-<name>}.
   */
  private static MatrixResult targeted(String locks, String nemeses, String budget, String name) {
    Path out = Path.of("target", "report-it-" + name);
    CampaignOptions o =
        CampaignOptions.parse(
            new String[] {
              "--locks",
              locks,
              "--nemeses",
              nemeses,
              "--runs",
              "1",
              "--seed",
              Long.toString(SEED),
              "--budget",
              budget,
              "--out",
              out.toString(),
              "--workload",
              "targeted"
            });
    MatrixResult m =
        new Campaign(o, Expectations.load(), System.out::println).run("SafetyMatrixIT-" + name);
    System.out.println(TerminalReport.render(m));
    Reports.write(m, out);
    return m;
  }

  /**
   * Checks that every cell ran over non-trivial histories and returns what does not agree with the
   * model.
   */
  private static List<String> disagreements(MatrixResult m) {
    List<String> problems = new ArrayList<>();
    for (CellResult c : m.cells()) {
      assertThat(c.runs()).as("%s x %s ran", c.row(), c.column()).isNotEmpty();
      for (RunRecord r : c.checkedRuns()) {
        assertThat(r.samples()).as("ops of %s", r.plan()).hasSizeGreaterThan(4);
      }
      problems.addAll(disagreements(c));
    }
    return problems;
  }

  @Test
  @Timeout(value = 20, unit = TimeUnit.MINUTES)
  void everyCellOfTheQuickCampaignAgreesWithTheTlaModel() throws Exception {
    Path out = Path.of("target", "report-it");
    CampaignOptions o =
        CampaignOptions.parse(
            new String[] {
              "--locks",
              FULL_ROWS,
              "--runs",
              "1",
              "--seed",
              Long.toString(SEED),
              "--budget",
              "15m",
              "--out",
              out.toString(),
              "--continuous",
              "8s",
              "--continuous-cells",
              CONTINUOUS_CELLS
            });
    MatrixResult m =
        new Campaign(o, Expectations.load(), System.out::println).run("SafetyMatrixIT");
    String table = TerminalReport.render(m);
    System.out.println(table);
    Reports.write(m, out);

    assertThat(m.cells()).as("cells: 2 rows x (7 + 8 + 7 + 7 + 5) columns").hasSize(68);
    List<String> problems = new ArrayList<>();
    for (CellResult c : m.cells()) {
      assertThat(c.runs()).as("%s x %s ran", c.row(), c.column()).isNotEmpty();
      for (RunRecord r : c.checkedRuns()) {
        // Non-trivial: the checks ran over real histories.
        assertThat(r.samples()).as("ops of %s", r.plan()).hasSizeGreaterThan(4);
      }
      problems.addAll(disagreements(c));
    }
    List<RunRecord> continuous =
        m.cells().stream().flatMap(c -> c.livenessRuns().stream()).toList();
    assertThat(continuous).as("continuous runs: 5 cells x 2 rows").hasSize(10);
    for (RunRecord r : continuous) {
      // Non-trivial: dozens of lock operations at least (hundreds on Redis; ZooKeeper under a
      // server pause manages fewer), and every fault scheduled was played.
      assertThat(r.load().lockOps()).as("lock ops of %s", r.plan()).isGreaterThan(40);
      assertThat(r.windows()).as("faults of %s", r.plan()).isNotEmpty();
    }
    for (CellResult c : m.cells()) {
      if (c.livenessOutcome().isPresent() && c.livenessOutcome().get() != Outcome.AGREES) {
        problems.add(
            "LIVENESS: "
                + c.row()
                + " x "
                + c.column().label()
                + " "
                + Cells.livenessText(c)
                + ": "
                + c.livenessRuns().stream().map(r -> r.load().findings()).toList());
      }
    }
    assertThat(problems).as("cells that do not agree with the model:\n%s", table).isEmpty();
    // Both verdicts occur: the campaign is not vacuously green.
    assertThat(m.cells().stream().flatMap(c -> c.checkedRuns().stream()))
        .anyMatch(r -> r.verdicts().containsValue(PropertyVerdict.VIOLATED));
    assertThat(out.resolve("index.html")).exists();
    assertThat(Files.readString(out.resolve("matrix.md"))).contains("| lock \\ nemesis |");
  }

  /** What does not agree with the model in {@code c}, one line per property. */
  private static List<String> disagreements(CellResult c) {
    List<String> problems = new ArrayList<>();
    for (SafetyProperty p : SafetyProperty.values()) {
      Outcome outcome = c.outcome(p);
      if (outcome != Outcome.AGREES) {
        problems.add(
            outcome
                + ": "
                + c.row()
                + " x "
                + c.column().label()
                + " "
                + p
                + " observed "
                + Cells.text(c, p)
                + ", TLA+ "
                + c.expectations().get(p).word()
                + " ("
                + c.expectations().get(p).tla()
                + "); plans: "
                + c.runs().stream()
                    .map(
                        r -> r.plan().describe() + (r.error() == null ? "" : " ERROR " + r.error()))
                    .toList());
      }
    }
    return problems;
  }
}
