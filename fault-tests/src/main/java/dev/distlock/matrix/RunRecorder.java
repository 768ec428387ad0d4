package dev.distlock.matrix;

import dev.distlock.check.LivenessChecks;
import dev.distlock.check.ModelCheck;
import dev.distlock.generator.LoadPlan;
import dev.distlock.generator.Plan;
import dev.distlock.generator.RunPlan;
import dev.distlock.history.History;
import dev.distlock.history.Op;
import dev.distlock.workload.FaultWindow;
import dev.distlock.workload.RunResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Turns a {@link RunResult} into a {@link RunRecord}: copies the run's files (histories, results,
 * timelines) into the report's {@code runs/<name>/} so the report stands alone, and extracts the
 * latency samples and fault windows for the plot.
 */
final class RunRecorder {
  private final Path root;

  RunRecorder(Path root) {
    this.root = root;
  }

  RunRecord record(Plan plan, RunResult r, long nanos) {
    return record(plan, r, nanos, null);
  }

  /** Records a continuous run with its liveness findings and in-flight counts. */
  RunRecord record(LoadPlan plan, LoadExecutor.Outcome o, long nanos) {
    RunResult r = o.result();
    long t0 = origin(r);
    List<RunRecord.FaultStart> starts = new ArrayList<>();
    for (LoadExecutor.Start s : o.starts()) {
      Map<String, Integer> ops = new java.util.TreeMap<>();
      LoadExecutor.inFlight(r.locks(), s.atNanos())
          .forEach((k, v) -> ops.merge(k, v, Integer::sum));
      LoadExecutor.inFlight(r.resource(), s.atNanos())
          .forEach((k, v) -> ops.merge(k, v, Integer::sum));
      starts.add(
          new RunRecord.FaultStart(
              s.label(), (s.atNanos() - t0) / 1e9, ops, s.child(), s.unanswered()));
    }
    StringBuilder findings = new StringBuilder();
    o.liveness().forEach(f -> findings.append(f).append('\n'));
    RunRecord.Load load =
        new RunRecord.Load(
            LivenessChecks.verdict(o.liveness()),
            findings.toString(),
            o.recoveryMillis(),
            o.bound().recovery().toMillis(),
            o.bound().derivation(),
            r.locks().size(),
            starts);
    appendLiveness(r, findings.toString());
    return record(plan, r, nanos, load);
  }

  private static void appendLiveness(RunResult r, String findings) {
    try {
      Files.writeString(
          r.dir().resolve("results.txt"),
          "LIVENESS\n" + findings,
          java.nio.file.StandardOpenOption.CREATE,
          java.nio.file.StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static long origin(RunResult r) {
    long t0 = Long.MAX_VALUE;
    for (History h : List.of(r.locks(), r.resource())) {
      for (Op o : h.ops()) {
        t0 = Math.min(t0, o.invokeTime());
      }
    }
    return t0 == Long.MAX_VALUE ? 0 : t0;
  }

  private RunRecord record(RunPlan plan, RunResult r, long nanos, RunRecord.Load load) {
    Path dir = root.resolve(r.dir().getFileName().toString());
    copy(r.dir(), dir);
    List<Path> timelines = new ArrayList<>();
    for (ModelCheck m : r.report().modelChecks()) {
      for (Path t : m.timelines().values()) {
        timelines.add(dir.resolve(r.dir().relativize(t.toAbsolutePath())));
      }
    }
    List<Op> ops = new ArrayList<>();
    for (History h : List.of(r.locks(), r.resource())) {
      ops.addAll(h.ops());
    }
    long t0 = ops.stream().mapToLong(Op::invokeTime).min().orElse(0);
    List<RunRecord.Sample> samples = new ArrayList<>();
    double end = 0;
    for (Op o : ops) {
      if (o.process() == dev.distlock.workload.Run.OBSERVER || o.completeTime() == Long.MAX_VALUE) {
        continue;
      }
      double at = (o.invokeTime() - t0) / 1e9;
      samples.add(
          new RunRecord.Sample(at, (o.completeTime() - o.invokeTime()) / 1e6, o.f(), o.isOk()));
      end = Math.max(end, (o.completeTime() - t0) / 1e9);
    }
    List<RunRecord.Window> windows = new ArrayList<>();
    for (FaultWindow w : r.faults()) {
      double to = w.healNanos() == Long.MAX_VALUE ? end : (w.healNanos() - t0) / 1e9;
      windows.add(new RunRecord.Window((w.startNanos() - t0) / 1e9, to, w.nemesis()));
    }
    return new RunRecord(
        plan,
        r.report().verdicts(),
        null,
        r.report().toString(),
        dir,
        timelines,
        samples,
        windows,
        nanos,
        load);
  }

  RunRecord errored(RunPlan plan, RuntimeException e) {
    return new RunRecord(
        plan, Map.of(), String.valueOf(e), "", null, List.of(), List.of(), List.of(), 0, null);
  }

  private static void copy(Path from, Path to) {
    try (Stream<Path> all = Files.walk(from)) {
      for (Path p : all.toList()) {
        Path target = to.resolve(from.relativize(p).toString());
        if (Files.isDirectory(p)) {
          Files.createDirectories(target);
        } else {
          Files.copy(p, target, StandardCopyOption.REPLACE_EXISTING);
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("could not copy " + from + " to " + to, e);
    }
  }
}
