package dev.distlock.checker;

import static dev.distlock.testing.H.h;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.history.History;
import dev.distlock.history.gen.RegisterHistories;
import dev.distlock.history.gen.RegisterHistories.Shape;
import dev.distlock.model.CasRegister;
import dev.distlock.model.Counter;
import dev.distlock.model.Models;
import dev.distlock.testing.H;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class CheckerTest {
  @Test
  void invalidResultNamesTheOpAndTheLongestPrefix() {
    History hist =
        h().ok(1, "write", 1L, null, 0, 10)
            .ok(2, "write", 2L, null, 20, 30)
            .ok(3, "read", null, 2L, 40, 50)
            .ok(4, "read", null, 1L, 60, 70)
            .build();
    Result r = Checker.of(new CasRegister()).check(hist);
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    PartitionResult p = r.invalid().get(0);
    Failure f = p.failure();
    assertThat(f.blocking().process()).isEqualTo(4);
    assertThat(f.linearized()).extracting(o -> o.process()).containsExactly(1L, 2L, 3L);
    assertThat(f.statesAfter()).containsExactly("1", "2", "2");
    assertThat(f.stateAtFailure()).isEqualTo("2");
    String json = r.toJson();
    assertThat(json)
        .startsWith("{\"valid\":false,")
        .contains("\"process\":4")
        .contains("\"linearized\":3");
  }

  @Test
  void partitionsAreIndependentAndAllInvalidOnesReported() {
    H a = H.onKey("a").ok(1, "write", 1L, null, 0, 10).ok(2, "read", null, 2L, 20, 30);
    H b = H.onKey("b").ok(3, "write", 1L, null, 0, 10).ok(4, "read", null, 1L, 20, 30);
    H c = H.onKey("c").ok(5, "read", null, 9L, 0, 10);
    Result r =
        Checker.of(new CasRegister())
            .withParallelism(3)
            .withAllKeys(true)
            .check(h().and(a).and(b).and(c).build());
    assertThat(r.verdict()).isEqualTo(Verdict.INVALID);
    assertThat(r.partitions()).extracting(PartitionResult::key).containsExactly("a", "b", "c");
    assertThat(r.invalid()).extracting(PartitionResult::key).containsExactly("a", "c");
  }

  @Test
  void generatedShapesAreValid() {
    for (Shape s :
        List.of(new Shape(50, 5, 100, 0.05, 5), new Shape(1, 5, 2000, 0.01, 5), Shape.jepsen())) {
      History h = RegisterHistories.generate(s, 42);
      Result r = Checker.of(new CasRegister()).check(h);
      assertThat(r.verdict()).as("%s", s).isEqualTo(Verdict.VALID);
    }
  }

  @Test
  void pathologicalHistoryComesBackUnknownAtTheDeadline() {
    History h = RegisterHistories.generate(new Shape(1, 10, 5000, 0.3, 1_000_000), 7);
    long t0 = System.nanoTime();
    Result r = Checker.of(new CasRegister()).withTimeout(Duration.ofMillis(700)).check(h);
    long ms = (System.nanoTime() - t0) / 1_000_000;
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.unknown().get(0).reason()).isEqualTo("timeout");
    assertThat(ms).isLessThan(5_000);
    assertThat(r.toJson()).startsWith("{\"valid\":\"unknown\"").contains("\"reason\":\"timeout\"");
  }

  @Test
  void memoryBoundStopsTheSearch() {
    History h = RegisterHistories.generate(new Shape(1, 10, 5000, 0.3, 1_000_000), 7);
    Result r =
        Checker.of(new CasRegister())
            .withTimeout(Duration.ofSeconds(60))
            .withMemoryLimit(2L << 20)
            .check(h);
    assertThat(r.verdict()).isEqualTo(Verdict.UNKNOWN);
    assertThat(r.unknown().get(0).reason()).isEqualTo("memory-budget");
  }

  @Test
  void badOperationShapesAreReported() {
    History hist = h().ok(1, "cas", 5L, true, 0, 10).build();
    assertThatThrownBy(() -> Checker.of(new CasRegister()).check(hist))
        .isInstanceOf(BadOperationException.class)
        .hasMessageContaining("[expected, new]");
    History unknownF = h().ok(1, "increment", null, 1L, 0, 10).build();
    assertThatThrownBy(() -> Checker.of(new Counter(1)).check(unknownF))
        .isInstanceOf(BadOperationException.class)
        .hasMessageContaining("no operation \"increment\"");
  }

  @Test
  void registryKnowsEveryModel() {
    for (String name : Models.names()) {
      assertThat(Models.byName(name).name()).isEqualTo(name);
    }
    assertThat(Models.byName("counter", java.util.Map.of("initial", "5")).init()).isEqualTo(5L);
    assertThatThrownBy(() -> Models.byName("nope")).hasMessageContaining("known:");
  }

  @Test
  void userModelInTwentyLines() {
    // The example from Model's Javadoc.
    final class Register implements dev.distlock.model.Model<Register.S> {
      record S(Object value) {}

      @Override
      public S init() {
        return new S(null);
      }

      @Override
      public S step(S s, dev.distlock.history.Op op) {
        switch (op.f()) {
          case "write":
            return new S(op.input());
          case "read":
            return op.isInfo() || java.util.Objects.equals(op.output(), s.value()) ? s : null;
          default:
            throw new IllegalArgumentException("unknown f " + op.f());
        }
      }
    }
    assertThat(
            Checker.of(new Register())
                .check(h().ok(1, "write", 1L, null, 0, 10).ok(2, "read", null, 1L, 20, 30).build())
                .verdict())
        .isEqualTo(Verdict.VALID);
    assertThat(
            Checker.of(new Register())
                .check(h().ok(1, "write", 1L, null, 0, 10).ok(2, "read", null, 2L, 20, 30).build())
                .verdict())
        .isEqualTo(Verdict.INVALID);
  }

  /** The example of TypedModel's Javadoc and docs/checker.md, with a per-key initial state. */
  static final class TypedRegister
      implements dev.distlock.model.TypedModel<Object, TypedRegister.Cmd, Object> {
    record Cmd(boolean write, Object value) {}

    @Override
    public Object init() {
      return "none";
    }

    @Override
    public Object init(String key) {
      return "b".equals(key) ? 7L : "none";
    }

    @Override
    public Cmd input(dev.distlock.history.Op op) {
      return switch (op.f()) {
        case "write" -> new Cmd(true, op.input());
        case "read" -> new Cmd(false, null);
        default -> throw new IllegalArgumentException("no operation " + op.f());
      };
    }

    @Override
    public Object output(dev.distlock.history.Op op, Cmd in) {
      return op.output() == null ? "none" : op.output();
    }

    @Override
    public Object step(Object s, dev.distlock.model.Call<Cmd, Object> c) {
      if (c.input().write()) {
        return c.input().value();
      }
      return c.isInfo() || c.output().equals(s) ? s : null;
    }
  }

  @Test
  void typedUserModelWithPerKeyInitialStatesAndDecodeErrorsBeforeTheSearch() {
    H a = H.onKey("a").ok(1, "read", null, null, 0, 10).ok(1, "write", 1L, null, 20, 30);
    H b = H.onKey("b").ok(2, "read", null, 7L, 0, 10);
    Result ok = Checker.of(new TypedRegister()).check(h().and(a).and(b).build());
    assertThat(ok.verdict()).as("%s", ok).isEqualTo(Verdict.VALID);
    H wrong = H.onKey("a").ok(2, "read", null, 7L, 0, 10);
    assertThat(Checker.of(new TypedRegister()).check(wrong.build()).verdict())
        .isEqualTo(Verdict.INVALID);
    assertThatThrownBy(
            () ->
                Checker.of(new TypedRegister())
                    .check(h().ok(1, "delete", null, null, 0, 1).build()))
        .isInstanceOf(BadOperationException.class)
        .hasMessageContaining("no operation delete");
  }

  @Test
  void footprintEstimatesWhatStatesHold() {
    record S(String name, long n, java.util.List<Long> l) {}
    assertThat(dev.distlock.model.Footprint.estimate("abc")).isEqualTo(48);
    assertThat(dev.distlock.model.Footprint.estimate("x".repeat(1000))).isEqualTo(1040);
    assertThat(dev.distlock.model.Footprint.estimate(5L)).isEqualTo(16);
    assertThat(dev.distlock.model.Footprint.estimate(new S("abc", 1, List.of(1L, 2L))))
        .isEqualTo(16 + 24 + 48 + (24 + 16 + 8 + 32));
    assertThat(dev.distlock.model.Footprint.estimate(new Object()))
        .isEqualTo(dev.distlock.model.Footprint.UNKNOWN_OBJECT);
  }
}
