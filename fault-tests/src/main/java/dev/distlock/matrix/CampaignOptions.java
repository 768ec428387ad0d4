package dev.distlock.matrix;

import dev.distlock.generator.LoadPlan;
import dev.distlock.generator.Seeds;
import dev.distlock.testbed.TestedLockFactory;
import dev.distlock.testbed.TestedLocks;
import dev.distlock.workload.LockKind;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings of a campaign. Build from the command line with {@link #parse(String[])}; every
 * option can also come from a system property of the same name ({@code -Dseed=42}).
 *
 * @param rows the rows to run
 * @param columns the columns to run (cells that do not apply are left out)
 * @param runs plans per cell
 * @param seed the campaign seed (run 0 of every cell uses it as is)
 * @param budget the time budget: once a cell's share is spent, it gets no further runs (every cell
 *     gets at least one)
 * @param shrinkAttempts candidate runs spent shrinking each cell's first violation (within budget)
 * @param out the report directory
 * @param profile {@code quick} or {@code soak}
 * @param workload which workloads run per cell: {@code both} (default), {@code targeted} (the
 *     seeded plans only) or {@code continuous} (the continuous run only)
 * @param continuous how long the clients of each continuous run loop (quick 10 s, soak 60 s)
 * @param continuousCells the cells that get a continuous run ({@code lock:nemesis}, e.g. {@code
 *     single:partition}; a lock alone means all its cells); empty: every cell
 * @param loadPlan a continuous plan to replay exactly ({@link LoadPlan#encode()}), or null to
 *     derive it from the seed
 */
public record CampaignOptions(
    List<Row> rows,
    List<Column> columns,
    int runs,
    long seed,
    Duration budget,
    int shrinkAttempts,
    Path out,
    String profile,
    String workload,
    Duration continuous,
    List<String> continuousCells,
    String loadPlan) {

  /**
   * The quick profile's plans per cell: one (plus extra plans for a predicted violation no run
   * reached). A second plan fitted the budget for the first few cells only, so it made the campaign
   * longer (18 min) without covering every cell the same.
   */
  public static final int QUICK_RUNS = 1;

  /** The soak profile's plans per cell. */
  public static final int SOAK_RUNS = 20;

  /** The quick profile's budget. */
  public static final Duration QUICK_BUDGET = Duration.ofMinutes(10);

  /** The quick profile's continuous run per cell. */
  public static final Duration QUICK_CONTINUOUS = Duration.ofSeconds(10);

  /** The soak profile's continuous run per cell. */
  public static final Duration SOAK_CONTINUOUS = Duration.ofSeconds(60);

  private static final List<String> KEYS =
      List.of(
          "locks",
          "nemeses",
          "runs",
          "seed",
          "budget",
          "shrink",
          "out",
          "profile",
          "workload",
          "continuous",
          "continuous-cells",
          "load-plan");

  /** Copies the lists. */
  public CampaignOptions {
    rows = List.copyOf(rows);
    columns = List.copyOf(columns);
    continuousCells = List.copyOf(continuousCells);
    if (!List.of("both", "targeted", "continuous").contains(workload)) {
      throw new IllegalArgumentException(
          "unknown workload " + workload + " (both, targeted, continuous)");
    }
    if (continuous.isNegative() || continuous.isZero()) {
      throw new IllegalArgumentException("--continuous must be positive: " + continuous);
    }
    if (runs < 1 || shrinkAttempts < 0 || budget.isNegative()) {
      throw new IllegalArgumentException("runs must be >= 1, shrink >= 0, budget >= 0");
    }
  }

  /**
   * Returns the usage text.
   *
   * @return the text
   */
  public static String usage() {
    return """
        usage: scripts/run.sh [options]
          --locks L,...     single,single-replica,redlock,dual-write,zookeeper,
                            zookeeper-ensemble,jdbc-table,jdbc-for-update,jdbc-table-mariadb,
                            jdbc-for-update-mariadb,fair,sentinel,cluster (default all);
                            a name+guard (e.g. redlock+guard) selects only that row; a peer's
                            name (redisson-rlock, curator-mutex, ...) selects its rows, and
                            name@deployment (redisson-rlock@single-replica) one deployment's
          --peers           adds every plugged-in peer lock's rows (docs/test-your-own-lock.md)
          --nemeses N,...   none,partition,latency,server-pause,client-pause,clock-jump,
                            crash-restart,failover (default all)
          --runs N          plans per cell (default 1; soak: 20)
          --seed S          campaign seed (default random; run 0 of each cell uses it as is)
          --budget D        time budget, e.g. 10m, 90s (default 10m; soak: 100m)
          --shrink N        shrink attempts per violated cell (default 0; soak: 3)
          --out DIR         report directory (default target/report)
          --profile P       quick (default) or soak (20 plans per cell, budget x 10, continuous
                            60s per plan instead of one 10s continuous run per row and cell)
          --workload W      both (default), targeted or continuous
          --continuous D    how long each continuous run's clients loop (default 10s; soak 60s)
          --continuous-cells C,...  cells with a continuous run, lock:nemesis or lock (default: all;
                            quick with both workloads: one rotating nemesis per lock)
          --load-plan P     replay this continuous plan (printed by a failing or shrunk run)
        """;
  }

  /**
   * Parses command-line options over system properties over the quick profile's defaults.
   *
   * @param args the arguments
   * @return the options
   * @throws IllegalArgumentException for an unknown option or value
   */
  public static CampaignOptions parse(String[] args) {
    Map<String, String> o = new LinkedHashMap<>();
    for (String k : KEYS) {
      String v = System.getProperty(k);
      if (v != null && !v.isBlank()) {
        o.put(k, v);
      }
    }
    boolean peers = Boolean.getBoolean("peers");
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--peers")) {
        peers = true;
        continue;
      }
      if (!a.startsWith("--")) {
        throw new IllegalArgumentException("unexpected argument " + a + "\n" + usage());
      }
      String key = a.substring(2);
      String value;
      int eq = key.indexOf('=');
      if (eq >= 0) {
        value = key.substring(eq + 1);
        key = key.substring(0, eq);
      } else if (i + 1 < args.length) {
        value = args[++i];
      } else {
        throw new IllegalArgumentException("missing value for " + a + "\n" + usage());
      }
      if (!KEYS.contains(key)) {
        throw new IllegalArgumentException("unknown option " + a + "\n" + usage());
      }
      o.put(key, value);
    }
    String profile = o.getOrDefault("profile", "quick").toLowerCase(Locale.ROOT);
    int factor =
        switch (profile) {
          case "quick" -> 1;
          case "soak" -> 10;
          default -> throw new IllegalArgumentException("unknown profile " + profile);
        };
    List<Row> rows = o.containsKey("locks") ? rows(o.get("locks")) : Row.all();
    if (peers) {
      Set<Row> withPeers = new LinkedHashSet<>(rows);
      withPeers.addAll(Row.peers());
      rows = List.copyOf(withPeers);
    }
    List<Column> columns =
        o.containsKey("nemeses")
            ? Arrays.stream(o.get("nemeses").split(",")).map(Column::parse).toList()
            : List.of(Column.values());
    int runs =
        o.containsKey("runs")
            ? Integer.parseInt(o.get("runs"))
            : factor == 1 ? QUICK_RUNS : SOAK_RUNS;
    long seed = o.containsKey("seed") ? Long.parseLong(o.get("seed")) : Seeds.fresh();
    Duration budget =
        o.containsKey("budget") ? duration(o.get("budget")) : QUICK_BUDGET.multipliedBy(factor);
    int shrink = o.containsKey("shrink") ? Integer.parseInt(o.get("shrink")) : factor == 1 ? 0 : 3;
    Path out = Path.of(o.getOrDefault("out", "target/report"));
    String workload = o.getOrDefault("workload", "both").toLowerCase(Locale.ROOT);
    Duration continuous =
        o.containsKey("continuous")
            ? duration(o.get("continuous"))
            : factor == 1 ? QUICK_CONTINUOUS : SOAK_CONTINUOUS;
    List<String> cells =
        o.containsKey("continuous-cells")
            ? Arrays.stream(o.get("continuous-cells").split(",")).map(String::trim).toList()
            : List.of();
    for (String c : cells) {
      String[] lc = c.split(":");
      Row.parseLock(lc[0]);
      if (lc.length > 1) {
        Column.parse(lc[1]);
      }
    }
    return new CampaignOptions(
        rows,
        columns,
        runs,
        seed,
        budget,
        shrink,
        out,
        profile,
        workload,
        continuous,
        cells,
        o.get("load-plan"));
  }

  /** The one faulted column of {@code kind} that gets a continuous run in the quick campaign. */
  static Column quickColumn(LockKind kind) {
    List<Column> faulted =
        Arrays.stream(Column.values())
            .filter(c -> c.fault().isPresent() && c.appliesTo(kind))
            .toList();
    return faulted.isEmpty() ? Column.values()[0] : faulted.get(kind.ordinal() % faulted.size());
  }

  /**
   * Says whether a cell gets a continuous run.
   *
   * @param kind the lock
   * @param column the column
   * @return true unless the workload is targeted only, the cell is not among {@link
   *     #continuousCells()}, or (quick profile, both workloads, no cells named) the column is not
   *     the lock's {@link #quickColumn rotating quick column}
   */
  public boolean continuousIn(LockKind kind, Column column) {
    if (workload.equals("targeted")) {
      return false;
    }
    if (continuousCells.isEmpty()) {
      // The quick campaign with both workloads keeps to about a quarter of an hour: one continuous
      // cell per lock, the nemesis rotating with the lock so the campaign covers every nemesis.
      return !profile.equals("quick") || !workload.equals("both") || column == quickColumn(kind);
    }
    String lock = Row.lockName(kind);
    return continuousCells.contains(lock) || continuousCells.contains(lock + ":" + column.label());
  }

  /**
   * Says whether cells get their targeted plans.
   *
   * @return false when only the continuous workload runs
   */
  public boolean targeted() {
    return !workload.equals("continuous");
  }

  private static List<Row> rows(String spec) {
    Set<Row> rows = new LinkedHashSet<>();
    for (String name : spec.split(",")) {
      String n = name.trim();
      String base = n.endsWith("+guard") ? n.substring(0, n.length() - 6) : n;
      int at = base.indexOf('@');
      if (TestedLocks.exists(at < 0 ? base : base.substring(0, at))) {
        boolean onlyGuarded = base.length() < n.length();
        List<Row> peer =
            Row.peerRows(base).stream().filter(r -> !onlyGuarded || r.guarded()).toList();
        if (peer.isEmpty()) {
          throw new IllegalArgumentException(
              n + ": the lock has no fencing token, so no guarded row");
        }
        rows.addAll(peer);
        continue;
      }
      LockKind k;
      try {
        k = Row.parseLock(base);
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            e.getMessage()
                + "; peers: "
                + TestedLocks.all().stream().map(TestedLockFactory::name).toList(),
            e);
      }
      if (n.endsWith("+guard")) {
        rows.add(new Row(k, true));
      } else {
        rows.add(new Row(k, false));
        rows.add(new Row(k, true));
      }
    }
    return List.copyOf(rows);
  }

  /** Parses {@code 90s}, {@code 10m}, {@code 1h} or an ISO-8601 duration. */
  static Duration duration(String v) {
    String s = v.trim().toLowerCase(Locale.ROOT);
    if (s.startsWith("p")) {
      return Duration.parse(s.toUpperCase(Locale.ROOT));
    }
    long n = Long.parseLong(s.substring(0, s.length() - 1));
    return switch (s.charAt(s.length() - 1)) {
      case 's' -> Duration.ofSeconds(n);
      case 'm' -> Duration.ofMinutes(n);
      case 'h' -> Duration.ofHours(n);
      default -> throw new IllegalArgumentException("bad duration " + v + " (try 90s, 10m, 1h)");
    };
  }

  /**
   * Returns the options as command-line arguments that reproduce the campaign.
   *
   * @return e.g. {@code --locks ... --seed 42}
   */
  public String toArgs() {
    return "--locks "
        + String.join(",", rows.stream().map(Row::label).toList())
        + " --nemeses "
        + String.join(",", columns.stream().map(Column::label).toList())
        + " --runs "
        + runs
        + " --seed "
        + seed
        + " --budget "
        + budget.toSeconds()
        + "s --shrink "
        + shrinkAttempts
        + " --profile "
        + profile
        + " --workload "
        + workload
        + " --continuous "
        + continuous.toMillis() / 1000
        + "s"
        + (continuousCells.isEmpty()
            ? ""
            : " --continuous-cells " + String.join(",", continuousCells))
        + (loadPlan == null ? "" : " --load-plan '" + loadPlan + "'");
  }
}
