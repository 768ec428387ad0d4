package dev.distlock.history;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.checker.Checker;
import dev.distlock.checker.Result;
import dev.distlock.checker.Verdict;
import dev.distlock.model.CasRegister;
import dev.distlock.model.KeyValue;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Jepsen's EDN histories (fixtures: src/test/resources/jepsen/README.md). */
class EdnHistoryReaderTest {
  private static History fixture(String name) throws IOException {
    try (InputStream in = EdnHistoryReaderTest.class.getResourceAsStream("/jepsen/" + name)) {
      return EdnHistoryReader.create().read(in);
    }
  }

  @Test
  void realRegisterHistoryWithNemesisAndCrashesIsReadAndChecked() throws IOException {
    History h = fixture("raft-register.edn");
    // 100 lines: 31 nemesis ops skipped, 69 client events.
    assertThat(h.events()).hasSize(69);
    assertThat(h.ops()).hasSize(35);
    assertThat(h.ops().stream().filter(Op::isInfo).count()).isEqualTo(17);
    assertThat(h.ops().stream().filter(Op::isFail).count()).isEqualTo(7);
    Op first = h.ops().get(0);
    assertThat(first.f()).isEqualTo("read");
    assertThat(first.invokeTime()).isEqualTo(1348382454L);
    Result r = Checker.of(new CasRegister(0L)).check(h);
    assertThat(r.verdict()).as("%s", r).isEqualTo(Verdict.VALID);
    // The same history with a read of a value never written is not linearizable.
    History bad =
        EdnHistoryReader.create()
            .parse(
                readResource("raft-register.edn")
                    + "{:type :invoke, :f :read, :value nil, :time 19000000000, :process 99}\n"
                    + "{:type :ok, :f :read, :value 12345, :time 19000000001, :process 99}\n");
    assertThat(Checker.of(new CasRegister(0L)).check(bad).verdict()).isEqualTo(Verdict.INVALID);
  }

  @Test
  void nestedValuesKeywordsAndExtraFieldsAreMapped() throws IOException {
    History h = fixture("braft-txn.edn");
    assertThat(h.ops()).hasSize(10);
    Op first = h.ops().get(0);
    assertThat(first.input()).asString().isEqualTo("[[r, 9, null], [r, 9, null]]");
    assertThat(first.isInfo()).isTrue();
    assertThat(first.completeIndex()).isEqualTo(7);
  }

  @Test
  void aHistoryWrittenAsOneVectorWithoutTimesIsReadInOrder() throws IOException {
    History h = fixture("omnipaxos-kv.edn");
    assertThat(h.ops()).hasSize(10);
    assertThat(h.ops().get(0).output()).isEqualTo(List.of("k1", "v95"));
    assertThat(h.ops().get(0).invokeTime()).isEqualTo(0);
    assertThat(h.ops().get(0).completeTime()).isEqualTo(2);
  }

  @Test
  void keysComeFromTheKeyFieldOrFromIndependentTuples() {
    // Hand-written, in the shape of Porcupine's kv test logs.
    String kv =
        "{:process 0, :type :invoke, :f :put, :key \"a\", :value \"x\"}\n"
            + "{:process 0, :type :ok, :f :put, :key \"a\", :value \"x\"}\n"
            + "{:process 1, :type :invoke, :f :append, :key \"b\", :value \"y\"}\n"
            + "{:process 1, :type :ok, :f :append, :key \"b\", :value \"y\"}\n"
            + "{:process 0, :type :invoke, :f :get, :key \"a\", :value nil}\n"
            + "{:process 0, :type :ok, :f :get, :key \"a\", :value \"x\"}\n";
    History h = EdnHistoryReader.create().parse(kv);
    assertThat(h.byKey().keySet()).containsExactly("a", "b");
    assertThat(Checker.of(new KeyValue()).check(h).verdict()).isEqualTo(Verdict.VALID);
    // The get sees a value nobody wrote.
    String badKv = kv.substring(0, kv.lastIndexOf(":value \"x\"}")) + ":value \"xx\"}\n";
    History bad = EdnHistoryReader.create().parse(badKv);
    assertThat(Checker.of(new KeyValue()).check(bad).verdict()).isEqualTo(Verdict.INVALID);

    // Hand-written: jepsen.independent tuples [key value].
    History ind =
        EdnHistoryReader.create()
            .independentKeys(true)
            .parse(
                "{:process 0, :type :invoke, :f :write, :value [3 1], :time 1}\n"
                    + "{:process 0, :type :ok, :f :write, :value [3 1], :time 2}\n"
                    + "{:process 1, :type :invoke, :f :cas, :value [4 [1 2]], :time 3}\n"
                    + "{:process 1, :type :fail, :f :cas, :value [4 [1 2]], :time 4}\n");
    assertThat(ind.byKey().keySet()).containsExactly("3", "4");
    assertThat(ind.ops().get(1).input()).isEqualTo(List.of(1L, 2L));
  }

  @Test
  void ednSyntaxIsCoveredBeyondJepsensOwnOutput() {
    History h =
        EdnHistoryReader.create()
            .parse(
                "; a comment\n"
                    + "#jepsen.history.Op{:index 0, :time 5, :type :invoke, :process 0, :f :w,"
                    + " :value {:a #{1} \"s\" \\c, :n 12345678901234567890N, :d 1.5M, :q \\newline}}\n"
                    + "#_{:ignored true} {:index 1, :time 6, :type :ok, :process 0, :f :w,"
                    + " :value -7}\n");
    Object v = h.ops().get(0).input();
    assertThat(v).isInstanceOf(Map.class);
    Map<?, ?> m = (Map<?, ?>) v;
    assertThat(m.get("a")).isEqualTo(List.of(1L));
    assertThat(m.get("s")).isEqualTo("c");
    assertThat(m.get("n")).isEqualTo(new java.math.BigInteger("12345678901234567890"));
    assertThat(m.get("d")).isEqualTo(1.5);
    assertThat(m.get("q")).isEqualTo("\n");
    assertThat(h.ops().get(0).output()).isEqualTo(-7L);
  }

  @Test
  void badInputIsAClearErrorWithLineAndColumn() {
    EdnHistoryReader r = EdnHistoryReader.create();
    String ok = "{:process 0, :type :invoke, :f :read, :value nil, :time 1}\n";
    assertThatThrownBy(() -> r.parse(ok + "{:process 0, :type :ok, :f :read, :value \"abc}\n"))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessage("line 2: column 42: unterminated string (no closing '\"')");
    assertThatThrownBy(() -> r.parse(ok + "{:process 0, :type :ok :f :read, :value 1 :time 2]\n"))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessage("line 2: column 50: unbalanced ']', found ']'");
    assertThatThrownBy(() -> r.parse(ok + "{:process 0, :type :done, :f :read, :time 2}\n"))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessage("line 2: :type must be :invoke, :ok, :fail or :info, got \"done\"");
    assertThatThrownBy(() -> r.parse(ok + "\n\n[1 2]\n"))
        .hasMessageStartingWith("line 4: expected an op map");
    assertThatThrownBy(() -> r.parse("{:process 0, :type :invoke, :value 1}"))
        .hasMessage("line 1: missing :f");
    assertThatThrownBy(() -> r.parse(ok + "{:process 0, :type :ok, :f :read, :value 1}"))
        .hasMessage("line 2: missing :time (earlier ops have one)");
    assertThatThrownBy(() -> r.parse("[" + ok))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageContaining("expected ']' closing the history");
    // Well-formedness is checked as for JSON lines, with the EDN line.
    assertThatThrownBy(() -> r.parse(ok + ok))
        .isInstanceOf(HistoryFormatException.class)
        .hasMessageStartingWith("line 2: process 0 invokes read while");
    assertThatThrownBy(
            () ->
                EdnHistoryReader.create()
                    .independentKeys(true)
                    .parse("{:process 0, :type :invoke, :f :w, :value 1}"))
        .hasMessage("line 1: independent keys: :value must be [key value], got 1");
  }

  @Test
  void formatSniffing() {
    assertThat(EdnHistoryReader.looksLikeEdn("{:type :invoke}")).isTrue();
    assertThat(EdnHistoryReader.looksLikeEdn("  [\n {:process 1}")).isTrue();
    assertThat(EdnHistoryReader.looksLikeEdn("{\"type\":\"invoke\"}")).isFalse();
  }

  private static String readResource(String name) throws IOException {
    try (InputStream in = EdnHistoryReaderTest.class.getResourceAsStream("/jepsen/" + name)) {
      return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
    }
  }
}
