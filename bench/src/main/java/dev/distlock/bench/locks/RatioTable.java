package dev.distlock.bench.locks;

import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.ZooKeeperServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * {@code scripts/bench.sh all}: every lock benchmark, its peer and its floor, in one run on the
 * same servers, and ONE table of ratios. It starts five redis-servers and one ZooKeeper server
 * (fault-tests harness) in this JVM, hands their addresses to each forked JMH trial and stops them
 * at the end. Each row measures distlock, the peer and the floor back to back in throughput mode
 * (one fork each, cycles/s summed over threads); keys are flushed between trials.
 *
 * <p>Error bars: JMH's 99.9% confidence half-width over the measurement iterations; a ratio's is
 * propagated from both (first order, independent errors). For Redis rows the table also gives the
 * notification traffic per 1000 cycles ({@link PubSubCounters}): PUBLISH/SUBSCRIBE.
 *
 * <p>Arguments: {@code [warmupSeconds] [measureSeconds] [iterations] [rowFilter]} (defaults 3 3 5,
 * all rows; ZooKeeper rows use twice the iterations; a filter such as {@code Redlock} keeps the
 * rows whose label contains it).
 */
public final class RatioTable {
  private RatioTable() {}

  enum Servers {
    REDIS1,
    REDIS5,
    ZOOKEEPER
  }

  record Row(
      String label,
      Class<?> bench,
      int threads,
      Map<String, String> params,
      Servers servers,
      String ours,
      String peer,
      String floor) {}

  record Score(double ops, double error, PubSubCounters traffic) {
    double relError() {
      return error / ops;
    }
  }

  /** Issue 15's goals per row, printed next to the figures (throughput ratios). */
  static final Map<String, String> GOALS =
      Map.of(
          "Redis, 8 threads, own keys", "≥0.9 floor, ≥4 peer",
          "Redis, 16 clients x 1, own keys", "≥0.9 floor, ~0 SUBSCRIBE",
          "Redlock 5, 1 thread", "≥0.9 floor, ≥3 peer",
          "Redlock 5, 8 threads", "≥0.8 floor, ≥3 peer",
          "ZooKeeper, 1 thread", "≥1.0 peer",
          "ZooKeeper, 8 threads", "≥1.0 peer");

  static List<Row> rows() {
    Map<String, String> own = Map.of("hot", "false");
    Map<String, String> hot = Map.of("hot", "true");
    Class<?> single = SingleRedisBench.class;
    Class<?> many = ManyClientsBench.class;
    Class<?> redlock = RedlockBench.class;
    Class<?> zk = ZooKeeperBench.class;
    Servers r1 = Servers.REDIS1;
    return List.of(
        new Row("Redis, 1 thread, own key", single, 1, own, r1, "distlock", "redisson", "bare"),
        new Row("Redis, 8 threads, own keys", single, 8, own, r1, "distlock", "redisson", "bare"),
        new Row("Redis, 8 threads, hot key", single, 8, hot, r1, "distlock", "redisson", "bare"),
        new Row(
            "Redis, 16 clients x 1, own keys", many, 16, own, r1, "distlock", "redisson", "bare"),
        new Row(
            "Redis, 16 clients x 1, hot key", many, 16, hot, r1, "distlock", "redisson", "bare"),
        new Row(
            "Redlock 5, 1 thread",
            redlock,
            1,
            Map.of(),
            Servers.REDIS5,
            "distlock",
            "redisson",
            "fanout"),
        new Row(
            "Redlock 5, 8 threads",
            redlock,
            8,
            Map.of(),
            Servers.REDIS5,
            "distlock",
            "redisson",
            "fanout"),
        new Row(
            "ZooKeeper, 1 thread", zk, 1, Map.of(), Servers.ZOOKEEPER, "distlock", "curator", null),
        new Row(
            "ZooKeeper, 8 threads",
            zk,
            8,
            Map.of(),
            Servers.ZOOKEEPER,
            "distlock",
            "curator",
            null));
  }

  public static void main(String[] args) throws RunnerException {
    int warm = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int measure = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    String filter = args.length > 3 ? args[3] : "";
    List<Row> rows = rows().stream().filter(r -> r.label.contains(filter)).toList();
    if (rows.isEmpty()) {
      throw new IllegalArgumentException("no row label contains '" + filter + "'");
    }
    String loadBefore = loadAverage();
    List<RedisServer> redis = new ArrayList<>();
    ZooKeeperServer zk = null;
    Map<Row, Map<String, Score>> results = new LinkedHashMap<>();
    try {
      if (rows.stream().anyMatch(r -> r.servers != Servers.ZOOKEEPER)) {
        for (int i = 0; i < RedlockBench.NODES; i++) {
          redis.add(RedisServer.start());
        }
      }
      if (rows.stream().anyMatch(r -> r.servers == Servers.ZOOKEEPER)) {
        zk = ZooKeeperServer.start();
      }
      for (Row row : rows) {
        // ZooKeeper rows get no Redis hosts: nothing to flush or count there
        List<HostAndPort> hosts =
            redis.stream()
                .limit(
                    switch (row.servers) {
                      case REDIS1 -> 1;
                      case REDIS5 -> redis.size();
                      case ZOOKEEPER -> 0;
                    })
                .map(s -> new HostAndPort(s.host(), s.port()))
                .toList();
        String spec =
            row.servers == Servers.ZOOKEEPER
                ? zk.connectString()
                : String.join(",", hosts.stream().map(HostAndPort::toString).toList());
        int iters = row.servers == Servers.ZOOKEEPER ? iterations * 2 : iterations;
        Map<String, Score> scores = new LinkedHashMap<>();
        for (String impl : new String[] {row.ours, row.peer, row.floor}) {
          if (impl != null) {
            scores.put(impl, measure(row, impl, spec, hosts, warm, measure, iters));
          }
        }
        results.put(row, scores);
      }
    } finally {
      redis.forEach(RedisServer::close);
      if (zk != null) {
        zk.close();
      }
    }
    print(results, warm, measure, iterations, loadBefore);
  }

  private static Score measure(
      Row row,
      String impl,
      String spec,
      List<HostAndPort> hosts,
      int warm,
      int measure,
      int iterations)
      throws RunnerException {
    hosts.forEach(RatioTable::flush);
    Map<String, Long> before = PubSubCounters.snapshot(hosts);
    ChainedOptionsBuilder o =
        new OptionsBuilder()
            .include(row.bench.getName() + ".cycle")
            .param("impl", impl)
            .param("servers", spec)
            .threads(row.threads)
            .mode(Mode.Throughput)
            .timeUnit(TimeUnit.SECONDS)
            .forks(1)
            .jvmArgs("-Xmx512m")
            .warmupIterations(2)
            .warmupTime(TimeValue.seconds(warm))
            .measurementIterations(iterations)
            .measurementTime(TimeValue.seconds(measure));
    row.params.forEach(o::param);
    Result<?> r = new Runner(o.build()).run().iterator().next().getPrimaryResult();
    PubSubCounters traffic =
        hosts.isEmpty()
            ? null
            : PubSubCounters.between(before, PubSubCounters.snapshot(hosts), hosts.get(0));
    Score s = new Score(r.getScore(), r.getScoreError(), traffic);
    System.out.printf(
        "%-34s %-9s %9.0f ± %-7.0f cycles/s%s%n",
        row.label,
        impl,
        s.ops,
        s.error,
        traffic == null ? "" : "  pub/sub per 1k cycles " + traffic.summary());
    return s;
  }

  private static void flush(HostAndPort h) {
    try (Jedis j = new Jedis(h)) {
      j.flushAll();
    }
  }

  private static void print(
      Map<Row, Map<String, Score>> results, int warm, int measure, int iterations, String load) {
    System.out.println();
    System.out.printf(
        "Lock benchmarks, one run (JMH throughput, 1 fork, %d x %d s warm-up, %d x %d s measured;"
            + " ± is the 99.9%% CI; load average before: %s, after: %s)%n%n",
        2, warm, iterations, measure, load, loadAverage());
    System.out.println(
        "| shape | distlock cycles/s | peer | peer cycles/s | floor cycles/s | distlock/floor |"
            + " distlock/peer | goal | pub/sub per 1k cycles: distlock | peer | floor |");
    System.out.println("|---|---|---|---|---|---|---|---|---|---|---|");
    results.forEach(
        (row, scores) -> {
          Score d = scores.get(row.ours);
          Score p = scores.get(row.peer);
          Score f = row.floor == null ? null : scores.get(row.floor);
          System.out.printf(
              "| %s | %s | %s | %s | %s | %s | %s | %s | %s | %s | %s |%n",
              row.label,
              withError(d.ops, d.error, "%.0f"),
              row.peer,
              withError(p.ops, p.error, "%.0f"),
              f == null ? "—" : withError(f.ops, f.error, "%.0f"),
              f == null ? "—" : ratio(d, f),
              ratio(d, p),
              GOALS.getOrDefault(row.label, "—"),
              traffic(d),
              traffic(p),
              traffic(f));
        });
  }

  private static String ratio(Score a, Score b) {
    double r = a.ops / b.ops;
    double err = r * Math.hypot(a.relError(), b.relError());
    return withError(r, err, "%.2f") + "x";
  }

  private static String withError(double value, double error, String fmt) {
    String e = Double.isNaN(error) ? "?" : String.format(fmt, error);
    return String.format(fmt, value) + " ± " + e;
  }

  private static String traffic(Score s) {
    return s == null || s.traffic == null ? "—" : s.traffic.summary();
  }

  private static String loadAverage() {
    try {
      String[] f = Files.readString(Path.of("/proc/loadavg")).trim().split(" ");
      return f[0] + " " + f[1] + " " + f[2];
    } catch (IOException | RuntimeException e) {
      return "unknown";
    }
  }
}
