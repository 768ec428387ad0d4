package dev.distlock.matrix;

import dev.distlock.check.ModelCheck;
import dev.distlock.generator.Plan;
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
        nanos);
  }

  RunRecord errored(Plan plan, RuntimeException e) {
    return new RunRecord(
        plan, Map.of(), String.valueOf(e), "", null, List.of(), List.of(), List.of(), 0);
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
