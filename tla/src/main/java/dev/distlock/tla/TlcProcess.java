package dev.distlock.tla;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Runs TLC on one configuration in a child JVM, in a work directory of its own.
 *
 * <p>The specs and the configuration are copied into the work directory so that nothing TLC writes
 * (its {@code states} directory, the standard modules it unpacks into {@code java.io.tmpdir}) lands
 * outside {@code target/}, and so that runs can go in parallel. TLC's console output is kept there
 * as {@code tlc.out}, the trimmed counterexample as {@code trace.txt}.
 */
final class TlcProcess {

  /**
   * How TLC is started.
   *
   * @param java the java executable
   * @param classpath a classpath holding {@code tlc2.TLC}
   * @param heap the child's {@code -Xmx} value, e.g. {@code 1g}
   * @param workers TLC worker threads
   * @param timeout time limit of one run
   */
  record Settings(Path java, String classpath, String heap, int workers, Duration timeout) {}

  private final Settings settings;

  TlcProcess(Settings settings) {
    this.settings = settings;
  }

  /** Checks {@code config}, whose module and its neighbours live in {@code specDir}. */
  TlcResult run(CheckConfig config, Path specDir, Path workDir) {
    try {
      prepare(specDir, config, workDir);
      Path output = workDir.resolve("tlc.out");
      Process process =
          new ProcessBuilder(command(config, workDir))
              .directory(workDir.toFile())
              .redirectErrorStream(true)
              .redirectOutput(output.toFile())
              .start();
      long start = System.nanoTime();
      boolean finished = process.waitFor(settings.timeout().toMillis(), TimeUnit.MILLISECONDS);
      if (!finished) {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(30, TimeUnit.SECONDS);
      }
      Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
      String text = Files.readString(output, StandardCharsets.UTF_8);
      TlcResult result =
          finished
              ? TlcResult.parse(process.exitValue(), text, elapsed)
              : TlcResult.timedOut(text, elapsed);
      if (result.trace().isPresent()) {
        Files.writeString(
            workDir.resolve("trace.txt"),
            TraceDoc.readable(result.trace().get()),
            StandardCharsets.UTF_8);
      }
      deleteTree(workDir.resolve("states"));
      return result;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot run TLC on " + config.name(), e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while TLC checked " + config.name(), e);
    }
  }

  private List<String> command(CheckConfig config, Path workDir) {
    List<String> cmd = new ArrayList<>();
    cmd.add(settings.java().toString());
    cmd.add("-XX:+UseParallelGC");
    cmd.add("-Xmx" + settings.heap());
    cmd.add("-Djava.io.tmpdir=" + workDir.resolve("tmp"));
    cmd.add("-cp");
    cmd.add(settings.classpath());
    cmd.add("tlc2.TLC");
    cmd.addAll(List.of("-workers", Integer.toString(settings.workers())));
    cmd.add("-deadlock"); // bounded models stop by design; a stop is not an error here
    cmd.add("-difftrace"); // traces show only what changed from one state to the next
    cmd.addAll(List.of("-fp", "1")); // a fixed fingerprint polynomial: the same run every time
    // Liveness is checked once, on the whole state graph: TLC otherwise checks it now and then,
    // as time passes, so the counterexample it reports would depend on the machine's speed.
    cmd.addAll(List.of("-lncheck", "final"));
    cmd.addAll(List.of("-metadir", workDir.resolve("states").toString()));
    cmd.addAll(List.of("-config", config.file().getFileName().toString()));
    cmd.add(config.module());
    return cmd;
  }

  private static void prepare(Path specDir, CheckConfig config, Path workDir) throws IOException {
    deleteTree(workDir);
    Files.createDirectories(workDir.resolve("tmp"));
    try (Stream<Path> specs = Files.list(specDir)) {
      for (Path tla : specs.filter(p -> p.toString().endsWith(".tla")).toList()) {
        Files.copy(tla, workDir.resolve(tla.getFileName()), StandardCopyOption.REPLACE_EXISTING);
      }
    }
    Files.copy(config.file(), workDir.resolve(config.file().getFileName()));
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
