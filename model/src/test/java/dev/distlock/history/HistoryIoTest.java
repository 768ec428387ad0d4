package dev.distlock.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HistoryIoTest {
  static final String GOOD =
      "{\"index\":0,\"process\":3,\"type\":\"invoke\",\"f\":\"cas\",\"key\":\"r1\",\"value\":[1,2],\"time\":1200}\n"
          + "{\"index\":1,\"process\":3,\"type\":\"ok\",\"f\":\"cas\",\"key\":\"r1\",\"value\":true,\"time\":5300}\n";

  @Test
  void readsTheDesignExample() {
    History h = HistoryReader.parse(GOOD);
    assertThat(h.events()).hasSize(2);
    assertThat(h.ops()).hasSize(1);
    Op op = h.ops().get(0);
    assertThat(op.process()).isEqualTo(3);
    assertThat(op.f()).isEqualTo("cas");
    assertThat(op.key()).isEqualTo("r1");
    assertThat(op.input()).isEqualTo(List.of(1L, 2L));
    assertThat(op.output()).isEqualTo(true);
    assertThat(op.isOk()).isTrue();
    assertThat(op.invokeTime()).isEqualTo(1200);
    assertThat(op.completeTime()).isEqualTo(5300);
  }

  @Test
  void mapsEveryJsonValue() {
    String line =
        "{\"process\":1,\"type\":\"invoke\",\"f\":\"x\",\"time\":1,\"value\":"
            + "{\"n\":null,\"i\":-42,\"big\":123456789012345678901234567890,\"d\":1.5e3,"
            + "\"s\":\"a\\\"b\\\\c\\n\\u00e9\\ud83d\\ude00 é\",\"t\":true,\"f\":false,\"a\":[[],{}]},"
            + "\"extra\":{\"ignored\":[1,2,3]}}\n";
    History h = HistoryReader.parse(line);
    Object v = h.ops().get(0).input();
    assertThat(v).isInstanceOf(Map.class);
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat(m.get("n")).isNull();
    assertThat(m.get("i")).isEqualTo(-42L);
    assertThat(m.get("big")).isEqualTo(new BigInteger("123456789012345678901234567890"));
    assertThat(m.get("d")).isEqualTo(1500.0);
    assertThat(m.get("s")).isEqualTo("a\"b\\c\né\uD83D\uDE00 é");
    assertThat(m.get("t")).isEqualTo(true);
    assertThat(m.get("f")).isEqualTo(false);
    assertThat(m.get("a")).isEqualTo(List.of(List.of(), Map.of()));
    // The op without completion is info.
    assertThat(h.ops().get(0).isInfo()).isTrue();
  }

  @Test
  void roundTripsThroughTheWriter() throws Exception {
    Recorder rec = Recorder.create(new java.util.concurrent.atomic.AtomicLong()::incrementAndGet);
    rec.invoke(1, "write", "k", Map.of("a", List.of(1, "two", 3.5, false))).ok(null);
    rec.invoke(2, "read", null, null).info("timeout \"x\"\n");
    rec.invoke(3, "cas", "k", new long[] {1, 2}).fail(null);
    rec.invoke(4, "read", "k", null);
    History h = rec.history();
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (HistoryWriter w = HistoryWriter.to(bytes)) {
      for (Event e : h.events()) {
        w.write(e);
      }
    }
    History back = HistoryReader.parse(bytes.toString(StandardCharsets.UTF_8));
    assertThat(back.events()).isEqualTo(h.events());
    assertThat(back.ops()).isEqualTo(h.ops());
    assertThat(back.events().get(3).value()).isEqualTo("timeout \"x\"\n");
  }

  @Test
  void blankLinesAndCrLfAreFine() {
    String s = "\r\n" + GOOD.replace("\n", "\r\n") + "\n   \n";
    assertThat(HistoryReader.parse(s).ops()).hasSize(1);
  }

  @Test
  void untimedHistoriesUseLineOrder() {
    History h =
        HistoryReader.parse(
            "{\"process\":1,\"type\":\"invoke\",\"f\":\"read\"}\n"
                + "{\"process\":1,\"type\":\"ok\",\"f\":\"read\",\"value\":null}\n");
    assertThat(h.ops().get(0).invokeTime()).isEqualTo(0);
    assertThat(h.ops().get(0).completeTime()).isEqualTo(1);
  }

  static void bad(String text, long line, String fragment) {
    assertThatThrownBy(() -> HistoryReader.parse(text))
        .isInstanceOf(HistoryFormatException.class)
        .satisfies(
            e -> {
              HistoryFormatException h = (HistoryFormatException) e;
              assertThat(h.line()).as(h.getMessage()).isEqualTo(line);
              assertThat(h.getMessage()).contains(fragment);
            });
  }

  static String ev(long p, String type, long time) {
    return "{\"process\":"
        + p
        + ",\"type\":\""
        + type
        + "\",\"f\":\"read\",\"time\":"
        + time
        + "}\n";
  }

  @Test
  void malformedInputIsReportedWithItsLine() {
    bad(ev(1, "invoke", 1) + "{\"process\":1,\"type\":\"ok\"\n", 2, "malformed JSON");
    bad(ev(1, "invoke", 1) + "not json\n", 2, "malformed JSON");
    bad(ev(1, "invoke", 1) + "[1,2]\n", 2, "expected a JSON object");
    bad(ev(1, "invoke", 1) + ev(1, "ok", 2).trim() + ev(2, "invoke", 3), 2, "more than one");
    bad(ev(1, "invoke", 1) + ev(1, "done", 2), 2, "unknown type \"done\"");
    bad(ev(1, "ok", 2), 1, "without an invoke");
    bad(ev(1, "invoke", 1) + ev(1, "ok", 2) + ev(1, "ok", 3), 3, "already completed at line 2");
    bad(ev(1, "invoke", 1) + ev(1, "invoke", 2), 2, "has not completed");
    bad(ev(1, "invoke", 5) + ev(1, "ok", 4), 2, "goes back");
    bad(ev(1, "invoke", 5) + ev(1, "ok", 6) + "\n" + ev(1, "invoke", 3), 4, "goes back");
    bad("{\"type\":\"invoke\",\"f\":\"read\",\"time\":1}\n", 1, "missing \"process\"");
    bad("{\"process\":1,\"f\":\"read\",\"time\":1}\n", 1, "missing \"type\"");
    bad("{\"process\":1,\"type\":\"invoke\",\"time\":1}\n", 1, "missing \"f\"");
    bad(
        "{\"process\":\"n1\",\"type\":\"invoke\",\"f\":\"a\",\"time\":1}\n",
        1,
        "must be an integer");
    bad("{\"process\":1.5,\"type\":\"invoke\",\"f\":\"a\",\"time\":1}\n", 1, "must be an integer");
    bad(
        "{\"process\":1,\"type\":\"invoke\",\"f\":\"a\",\"time\":99999999999999999999}\n",
        1,
        "64 bits");
    bad("{\"process\":1,\"type\":3,\"f\":\"a\",\"time\":1}\n", 1, "must be a string");
    bad(
        ev(1, "invoke", 1) + "{\"process\":2,\"type\":\"invoke\",\"f\":\"read\"}\n",
        2,
        "missing \"time\"");
    bad(
        ev(1, "invoke", 1) + "{\"process\":1,\"type\":\"ok\",\"f\":\"write\",\"time\":2}\n",
        2,
        "has f \"write\"");
    bad(
        "{\"process\":1,\"type\":\"invoke\",\"f\":\"a\",\"key\":\"x\",\"time\":1}\n"
            + "{\"process\":1,\"type\":\"ok\",\"f\":\"a\",\"key\":\"y\",\"time\":2}\n",
        2,
        "has key \"y\"");
    bad(
        "{\"process\":1,\"type\":\"invoke\",\"f\":\"a\",\"time\":1,\"value\":\"\\x\"}\n",
        1,
        "bad escape");
    bad(
        "{\"process\":1,\"type\":\"invoke\",\"f\":\"a\",\"time\":1,\"value\":01}\n",
        1,
        "leading zero");
    bad(
        "{\"process\":1,\"type\":\"invoke\",\"f\":\"a\",\"time\":1,\"value\":tru}\n",
        1,
        "malformed JSON");
  }

  @Test
  void longLinesAcrossBufferBoundaries(@TempDir Path dir) throws Exception {
    StringBuilder big = new StringBuilder();
    for (int i = 0; i < 50_000; i++) {
      big.append(i % 10);
    }
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      sb.append("{\"process\":")
          .append(i)
          .append(",\"type\":\"invoke\",\"f\":\"w\",\"value\":\"")
          .append(big)
          .append("\",\"time\":")
          .append(i)
          .append("}\n");
    }
    Path f = dir.resolve("h.jsonl");
    Files.writeString(f, sb.toString());
    History h = HistoryReader.read(f);
    assertThat(h.ops()).hasSize(20);
    assertThat(h.ops().get(19).input()).isEqualTo(big.toString());
  }

  @Test
  void streamingNextReturnsEventsInOrder() throws Exception {
    try (HistoryReader r =
        HistoryReader.open(
            new java.io.ByteArrayInputStream(GOOD.getBytes(StandardCharsets.UTF_8)))) {
      Event a = r.next();
      assertThat(r.line()).isEqualTo(1);
      Event b = r.next();
      assertThat(r.next()).isNull();
      assertThat(a.type()).isEqualTo(EventType.INVOKE);
      assertThat(b.type()).isEqualTo(EventType.OK);
      assertThat(a.toJson()).isEqualTo(GOOD.split("\n")[0]);
    }
  }

  @Test
  void mergeOrdersByTime() {
    Recorder a = Recorder.create(new java.util.concurrent.atomic.AtomicLong(0)::incrementAndGet);
    Recorder b = Recorder.create(new java.util.concurrent.atomic.AtomicLong(100)::incrementAndGet);
    a.invoke(1, "read", null, null).ok(null);
    b.invoke(2, "read", null, null).ok(null);
    History m = History.merge(List.of(b.history(), a.history()));
    assertThat(m.events()).extracting(Event::process).containsExactly(1L, 1L, 2L, 2L);
    assertThat(m.events()).extracting(Event::index).containsExactly(0L, 1L, 2L, 3L);
  }
}
