package dev.distlock.tla;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TraceDocTest {

  private static final String TRACE =
      """
      State 1: <Initial predicate>
      /\\ x = 0

      State 2: <Next line 5, col 9 to line 5, col 27 of module T>
      /\\ x = 1
      """;

  private final CheckConfig config = CheckConfig.of(Path.of("T_Bump.violates-Inv.cfg"));

  @Test
  void dropsSourcePositionsFromActionNames() {
    assertThat(TraceDoc.readable(TRACE)).contains("State 2: <Next>").doesNotContain("line 5");
  }

  @Test
  void aMissingFileIsReported(@TempDir Path dir) {
    assertThat(new TraceDoc(dir, config).check(TRACE))
        .get()
        .asString()
        .contains("no counterexample");
  }

  @Test
  void updateKeepsTheExplanationAndTheCheckThenPasses(@TempDir Path dir) throws IOException {
    TraceDoc doc = new TraceDoc(dir, config);
    Files.writeString(doc.file(), "Why x reaches 1.\n\n" + TraceDoc.MARKER + "\nold trace\n");
    assertThat(doc.check(TRACE)).get().asString().contains("another counterexample");

    doc.update(TRACE, "heading");

    assertThat(Files.readString(doc.file())).startsWith("Why x reaches 1.").contains("<Next>");
    assertThat(doc.check(TRACE)).isEmpty();
  }

  @Test
  void updateCreatesAFileWithAPlaceholder(@TempDir Path dir) throws IOException {
    TraceDoc doc = new TraceDoc(dir.resolve("traces"), config);
    doc.update(TRACE, "T_Bump: T!Inv is violated.");
    assertThat(Files.readString(doc.file())).startsWith("T_Bump: T!Inv is violated.");
    assertThat(doc.check(TRACE)).isEmpty();
  }

  @Test
  void findsTracesThatBelongToNoViolatingConfiguration(@TempDir Path dir) throws IOException {
    Files.writeString(dir.resolve("T_Bump.violates-Inv.txt"), "x");
    Files.writeString(dir.resolve("T_Old.violates-Inv.txt"), "x");
    Files.writeString(dir.resolve("T_Fine.holds.txt"), "x");
    List<CheckConfig> configs = List.of(config, CheckConfig.of(Path.of("T_Fine.holds.cfg")));
    assertThat(TraceDoc.orphans(dir, configs))
        .containsExactly("T_Fine.holds.txt", "T_Old.violates-Inv.txt");
  }
}
