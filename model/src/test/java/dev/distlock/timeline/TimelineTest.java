package dev.distlock.timeline;

import static dev.distlock.testing.H.h;
import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.checker.Checker;
import dev.distlock.checker.Result;
import dev.distlock.history.History;
import dev.distlock.model.CasRegister;
import dev.distlock.testing.H;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TimelineTest {
  @Test
  void writesASelfContainedPagePerInvalidKey(@TempDir Path dir) throws Exception {
    H a =
        H.onKey("reg/a")
            .ok(1, "write", 1L, null, 0, 10)
            .ok(2, "write", 2L, null, 20, 30)
            .fail(3, "write", 9L, 22, 28)
            .info(4, "write", 5L, 25, 26)
            .ok(5, "read", null, 1L, 40, 50);
    H b = H.onKey("b").ok(6, "read", null, null, 0, 5);
    History hist = h().and(a).and(b).build();
    CasRegister model = new CasRegister();
    Result r = Checker.of(model).check(hist);
    Map<String, Path> files = Timeline.writeAll(dir, model, hist, r);
    assertThat(files).containsOnlyKeys("reg/a");
    Path f = files.get("reg/a");
    assertThat(f.getFileName().toString()).isEqualTo("timeline-reg_a.html");
    String html = Files.readString(f);
    assertThat(html).startsWith("<!DOCTYPE html>").contains("<svg").contains("Cannot linearize");
    assertThat(html).contains("class=\"ok block\""); // the failing op is marked
    assertThat(html).contains("class=\"fail\"").contains("class=\"info\"");
    assertThat(html).contains("class=\"badge\""); // the partial linearization is numbered
    assertThat(html).contains("read -&gt; 1");
    // Self-contained: nothing fetched from the network.
    assertThat(html.replace("http://www.w3.org/2000/svg", ""))
        .doesNotContain("http")
        .doesNotContain("src=");
  }

  @Test
  void largePartitionsAreWindowed() {
    H big = h();
    for (int i = 0; i < 2000; i++) {
      big.ok(1, "write", (long) i, null, i * 10L, i * 10L + 5);
    }
    big.ok(2, "read", null, 0L, 20_100, 20_200);
    History hist = big.build();
    CasRegister model = new CasRegister();
    Result r = Checker.of(model).check(hist);
    String html = Timeline.render(model, r.invalid().get(0), hist.ops());
    assertThat(html).contains("Showing").contains("of 2001 ops");
    assertThat(html.length()).isLessThan(2_000_000);
  }
}
