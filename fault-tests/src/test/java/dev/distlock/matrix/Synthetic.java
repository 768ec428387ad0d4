package dev.distlock.matrix;

import dev.distlock.SafetyProperty;
import dev.distlock.check.PropertyVerdict;
import dev.distlock.generator.Plan;
import dev.distlock.generator.PlanGenerator;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/** Synthetic matrices for tests of the verdict logic and the renderings: no server involved. */
public final class Synthetic {
  private static final Expectations EXPECTATIONS = Expectations.load();

  private Synthetic() {}

  /** A run with the given verdicts (ME, TO, RS), samples and one fault window. */
  public static RunRecord run(Row row, Column c, long seed, Path dir, PropertyVerdict... v) {
    Plan plan = PlanGenerator.generate(row.kind(), row.guarded(), c.fault(), seed);
    Map<SafetyProperty, PropertyVerdict> verdicts = new EnumMap<>(SafetyProperty.class);
    for (int i = 0; i < v.length; i++) {
      verdicts.put(SafetyProperty.values()[i], v[i]);
    }
    List<RunRecord.Sample> samples = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      samples.add(
          new RunRecord.Sample(
              i * 0.1, 1 + (i % 7) * 30, i % 2 == 0 ? "acquire" : "decrement", i % 5 != 0));
    }
    return new RunRecord(
        plan,
        verdicts,
        null,
        "finding details",
        dir,
        List.of(dir.resolve("mutex/timeline-lock.html")),
        samples,
        List.of(new RunRecord.Window(1.0, 2.5, "client-pause(client-1)")),
        2_000_000_000L,
        null);
  }

  /** A continuous run with the given safety verdicts (ME, TO, RS) and liveness verdict. */
  public static RunRecord loadRun(
      Row row, Column c, long seed, Path dir, PropertyVerdict liveness, PropertyVerdict... v) {
    RunRecord t = run(row, c, seed, dir, v);
    var plan =
        dev.distlock.generator.LoadGenerator.generate(
            row.kind(), row.guarded(), c.fault(), seed, 10_000);
    RunRecord.Load load =
        new RunRecord.Load(
            liveness,
            "recovery [LIVENESS]: " + liveness + " - synthetic\n",
            1234,
            9000,
            "wait 3000 + TTL 1500 + ... = 9000 ms",
            2000,
            List.of(
                new RunRecord.FaultStart(
                    "partition(blackhole: d1-c2-n0)",
                    1.5,
                    Map.of("acquire", 2, "decrement", 1),
                    Map.of("acquire", 1, "renew", 1, "release", 0),
                    0)));
    return new RunRecord(
        plan,
        t.verdicts(),
        null,
        t.detail(),
        dir,
        t.timelines(),
        t.samples(),
        t.windows(),
        t.nanos(),
        load);
  }

  /** A cell of the real expectation table with the given runs. */
  public static CellResult cell(Row row, Column c, List<RunRecord> runs) {
    Map<SafetyProperty, Expectation> exp = new EnumMap<>(SafetyProperty.class);
    for (SafetyProperty p : SafetyProperty.values()) {
      exp.put(p, EXPECTATIONS.of(row, c, p));
    }
    return new CellResult(row, c, runs, exp, Map.of());
  }

  /** A matrix of the given cells. */
  public static MatrixResult matrix(List<CellResult> cells) {
    CampaignOptions o = CampaignOptions.parse(new String[] {"--seed", "42", "--runs", "2"});
    return new MatrixResult(
        o,
        "scripts/run.sh " + o.toArgs(),
        Instant.parse("2026-01-02T03:04:05Z"),
        Duration.ofSeconds(61),
        cells);
  }
}
