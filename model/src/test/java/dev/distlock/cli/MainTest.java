package dev.distlock.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.history.HistoryWriter;
import dev.distlock.history.gen.RegisterHistories;
import dev.distlock.history.gen.RegisterHistories.Shape;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MainTest {
  record Run(int code, String out, String err) {}

  static Run run(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            args,
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(
        code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static final String VALID =
      "{\"index\":0,\"process\":3,\"type\":\"invoke\",\"f\":\"cas\",\"key\":\"r1\",\"value\":[null,2],\"time\":1200}\n"
          + "{\"index\":1,\"process\":3,\"type\":\"ok\",\"f\":\"cas\",\"key\":\"r1\",\"value\":true,\"time\":5300}\n";

  @Test
  void validExitsZero(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("h.jsonl");
    Files.writeString(f, VALID);
    Run r = run("--model", "cas-register", f.toString());
    assertThat(r.code()).isEqualTo(0);
    assertThat(r.out().lines()).hasSize(1);
    assertThat(r.out()).startsWith("{\"valid\":true,");
  }

  @Test
  void invalidExitsOneAndWritesTimelines(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("h.jsonl");
    Files.writeString(
        f,
        VALID
            + "{\"process\":4,\"type\":\"invoke\",\"f\":\"read\",\"key\":\"r1\",\"time\":6000}\n"
            + "{\"process\":4,\"type\":\"ok\",\"f\":\"read\",\"key\":\"r1\",\"value\":7,\"time\":6100}\n");
    Path out = dir.resolve("html");
    Run r = run("--model", "cas-register", "--html", out.toString(), f.toString());
    assertThat(r.code()).isEqualTo(1);
    assertThat(r.out()).startsWith("{\"valid\":false,").contains("\"timeline\":");
    assertThat(out.resolve("timeline-r1.html")).exists();
  }

  @Test
  void unknownExitsTwo(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("h.jsonl");
    HistoryWriter.write(RegisterHistories.generate(new Shape(1, 10, 5000, 0.3, 1_000_000), 7), f);
    Run r = run("--model", "cas-register", "--timeout", "300ms", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).startsWith("{\"valid\":\"unknown\"");
  }

  @Test
  void badInputExitsTwoWithTheLine(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("h.jsonl");
    Files.writeString(f, VALID + "{\"process\":3,\"type\":\"ok\",\"f\":\"cas\",\"time\":6000}\n");
    Run r = run("--model", "cas-register", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).contains("\"error\":\"bad-history\"").contains("\"line\":3");
    assertThat(r.err()).contains("h.jsonl:3:");
  }

  @Test
  void badOpShapeAndUsageExitTwo(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("h.jsonl");
    Files.writeString(f, VALID);
    assertThat(run("--model", "mutex", f.toString()).code()).isEqualTo(2);
    assertThat(run("--model", "nope", f.toString()).code()).isEqualTo(2);
    assertThat(run(f.toString()).code()).isEqualTo(2);
    assertThat(run("--model", "counter", "--initial", "x", f.toString()).code()).isEqualTo(2);
    assertThat(run("--model", "cas-register", dir.resolve("missing").toString()).code())
        .isEqualTo(2);
  }

  @Test
  void counterWithInitialValue(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("h.jsonl");
    Files.writeString(
        f,
        "{\"process\":1,\"type\":\"invoke\",\"f\":\"decrement\",\"key\":\"sku-1\",\"time\":1}\n"
            + "{\"process\":1,\"type\":\"ok\",\"f\":\"decrement\",\"key\":\"sku-1\",\"value\":4,\"time\":2}\n");
    assertThat(run("--model", "counter", "--initial", "5", f.toString()).code()).isEqualTo(0);
    assertThat(run("--model", "counter", f.toString()).code()).isEqualTo(1);
  }

  @Test
  void parsesDurations() {
    assertThat(Main.parseDuration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Main.parseDuration("10s")).isEqualTo(Duration.ofSeconds(10));
    assertThat(Main.parseDuration("1.5s")).isEqualTo(Duration.ofMillis(1500));
    assertThat(Main.parseDuration("2m")).isEqualTo(Duration.ofMinutes(2));
    assertThat(Main.parseDuration("3")).isEqualTo(Duration.ofSeconds(3));
  }

  /** Hand-written EDN, for the user model of this package (initial value "init:" + key). */
  static final String KEYED_EDN =
      "{:process 0, :type :invoke, :f :read, :key \"a\", :value nil, :time 1}\n"
          + "{:process 0, :type :ok, :f :read, :key \"a\", :value \"init:a\", :time 2}\n"
          + "{:process :nemesis, :type :info, :f :start, :value nil, :time 3}\n"
          + "{:process 1, :type :invoke, :f :write, :key \"b\", :value \"x\", :time 4}\n"
          + "{:process 1, :type :info, :f :write, :key \"b\", :value \"x\", :time 5}\n"
          + "{:process 2, :type :invoke, :f :read, :key \"b\", :value nil, :time 6}\n"
          + "{:process 2, :type :ok, :f :read, :key \"b\", :value \"x\", :time 7}\n";

  @Test
  void userModelFromTheClassPathByNameWithPerKeyInitialState(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("history.edn");
    Files.writeString(f, KEYED_EDN);
    Run r = run("--model", "keyed-register", f.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(0);
    assertThat(r.out()).startsWith("{\"valid\":true,\"model\":\"keyed-register\"");
    assertThat(run("--list-models").out().lines()).contains("cas-register", "keyed-register");
  }

  @Test
  void userModelByClassWritesATimelineInItsOwnWords(@TempDir Path dir) throws Exception {
    // Key "b" reads a value never written (the info write wrote "x", not "y").
    Path f = dir.resolve("history.edn");
    Files.writeString(f, KEYED_EDN.replace(":value \"x\", :time 7", ":value \"y\", :time 7"));
    Path html = dir.resolve("html");
    Run r =
        run(
            "--model-class",
            "dev.distlock.cli.KeyedRegister",
            "--html",
            html.toString(),
            f.toString());
    assertThat(r.code()).as(r.err()).isEqualTo(1);
    assertThat(r.out()).contains("\"key\":\"b\"");
    assertThat(r.err())
        .contains("NOT linearizable")
        .contains("key \"b\": after 1 linearized ops the state is x")
        .contains("p2 get -> y (index 4) cannot take effect")
        .doesNotContain("Op[");
    String page = Files.readString(html.resolve("timeline-b.html"));
    assertThat(page).contains("get -&gt; y").contains("init:b");
  }

  @Test
  void modelClassErrorsAreClear(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("history.edn");
    Files.writeString(f, KEYED_EDN);
    assertThat(run("--model-class", "no.such.Model", f.toString()).err())
        .contains("class no.such.Model not found on the class path");
    assertThat(run("--model-class", "java.lang.String", f.toString()).err())
        .contains("does not implement dev.distlock.model.Model");
    assertThat(run("--model-path", dir.resolve("nope.jar").toString(), "--list-models").err())
        .contains("no such file or directory");
    assertThat(run("--model", "x", "--model-class", "y", f.toString()).err())
        .contains("give one of --model and --model-class");
  }

  @Test
  void ednIsRecognisedByContentAndAllKeysDecidesEveryKey(@TempDir Path dir) throws Exception {
    // Hand-written: two invalid keys, no file extension.
    String edn =
        "{:process 0, :type :invoke, :f :read, :key \"a\", :value nil}\n"
            + "{:process 0, :type :ok, :f :read, :key \"a\", :value 5}\n"
            + "{:process 1, :type :invoke, :f :read, :key \"bb\", :value nil}\n"
            + "{:process 1, :type :ok, :f :read, :key \"bb\", :value 6}\n"
            + "{:process 1, :type :invoke, :f :read, :key \"bb\", :value nil}\n"
            + "{:process 1, :type :ok, :f :read, :key \"bb\", :value 6}\n";
    Path f = dir.resolve("history");
    Files.writeString(f, edn);
    Run first = run("--model", "cas-register", "--threads", "1", f.toString());
    assertThat(first.code()).isEqualTo(1);
    assertThat(first.out())
        .contains("\"invalid_partitions\":1,")
        .contains("\"not_started_partitions\":1");
    Run all = run("--model", "cas-register", "--all-keys", f.toString());
    assertThat(all.out()).contains("\"invalid_partitions\":2,");
    Run bad = run("--model", "cas-register", "--format", "edn", f.toString() + "x");
    assertThat(bad.code()).isEqualTo(2);
    Files.writeString(f, edn + "{:process 2 :type :invoke :f :read :key \"a\" :value nil");
    Run broken = run("--model", "cas-register", f.toString());
    assertThat(broken.code()).isEqualTo(2);
    assertThat(broken.out()).contains("\"error\":\"bad-history\"").contains("\"line\":7");
    assertThat(broken.err()).contains("history:7: column ");
  }

  @Test
  void defaultTimeoutIsTheApisAndSizesParse() {
    assertThat(run("--help").out()).contains("(default 60s; 0 = none)");
    assertThat(dev.distlock.checker.Checker.DEFAULT_TIMEOUT).isEqualTo(Duration.ofSeconds(60));
    assertThat(Main.parseSize("512m")).isEqualTo(512L << 20);
    assertThat(Main.parseSize("4g")).isEqualTo(4L << 30);
  }

  @Test
  void memoryBudgetRunsOutWithItsReason(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("h.jsonl");
    HistoryWriter.write(RegisterHistories.generate(new Shape(1, 10, 5000, 0.3, 1_000_000), 7), f);
    Run r = run("--model", "cas-register", "--memory", "2m", "--timeout", "60s", f.toString());
    assertThat(r.code()).isEqualTo(2);
    assertThat(r.out()).contains("\"reason\":\"memory-budget\"");
    assertThat(r.err()).contains("unknown (memory budget used up; raise --memory or the heap");
  }
}
