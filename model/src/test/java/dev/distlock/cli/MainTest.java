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
}
