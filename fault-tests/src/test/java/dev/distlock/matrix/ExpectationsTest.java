package dev.distlock.matrix;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.Guarantee;
import dev.distlock.Guarantees;
import dev.distlock.SafetyProperty;
import dev.distlock.workload.LockKind;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The committed TLA+ expectation table agrees with what each lock declares in impl and with the TLC
 * configurations it cites. A disagreement fails here, loudly, before any campaign runs.
 */
class ExpectationsTest {
  private static final Expectations EXPECTATIONS = Expectations.load();
  private static final Pattern CFG =
      Pattern.compile("([A-Za-z]+)_[A-Za-z0-9]+\\.(holds|violates-([A-Za-z]+))\\.cfg");

  /** TLA+ property names that may stand for each matrix property. */
  private static final Map<String, Set<String>> NAMES =
      Map.of(
          "MUTUAL_EXCLUSION", Set.of("MutualExclusion"),
          "TOKEN_MONOTONIC", Set.of("TokenMonotonic"),
          "RESOURCE_SAFETY/true", Set.of("NoLostUpdate", "ResourceSafety", "TokenMonotonic"),
          "RESOURCE_SAFETY/false", Set.of("NoLostUpdate", "ResourceSafety", "MutualExclusion"));

  private static Guarantee declared(Row row, SafetyProperty p) {
    Guarantees g = Declared.guarantees(row.kind());
    // Without the guard only the lock protects the resource: it breaks where exclusion does.
    if (p == SafetyProperty.RESOURCE_SAFETY && !row.guarded()) {
      return g.of(SafetyProperty.MUTUAL_EXCLUSION);
    }
    return g.of(p);
  }

  @Test
  void everyCellAgreesWithTheGuaranteesTheLockDeclares() {
    int cells = 0;
    for (Row row : Row.all()) {
      for (Column c : Column.values()) {
        if (!c.appliesTo(row.kind())) {
          continue;
        }
        for (SafetyProperty p : SafetyProperty.values()) {
          Expectation e = EXPECTATIONS.of(row, c, p);
          Guarantee g = declared(row, p);
          boolean declaredBroken = c.fault().map(g.breaksUnder()::contains).orElse(false);
          assertThat(e.violated())
              .as(
                  "DISAGREEMENT between expectations.csv and impl's declared guarantees: %s x %s"
                      + " %s: the table says %s, %s declares it breaks under %s",
                  row, c.label(), p, e.word(), row.kind(), g.breaksUnder())
              .isEqualTo(declaredBroken);
          cells++;
        }
      }
    }
    assertThat(cells)
        .isEqualTo(EXPECTATIONS.all().size())
        .isEqualTo(2 * (34 + 4 * 7 - 1 + 6 + 7 + 2 * 6) * 3);
  }

  @Test
  void everyCitedConfigurationExistsAndSaysTheSame() throws IOException {
    Path dir = tlaDir();
    for (Row row : Row.all()) {
      for (Column c : Column.values()) {
        if (!c.appliesTo(row.kind())) {
          continue;
        }
        for (SafetyProperty p : SafetyProperty.values()) {
          Expectation e = EXPECTATIONS.of(row, c, p);
          Set<String> names =
              NAMES.get(p == SafetyProperty.RESOURCE_SAFETY ? p + "/" + row.guarded() : p.name());
          String where = row + " x " + c.label() + " " + p + " cites " + e.tla();
          if (!e.checkedByTlc()) {
            // No TLC configuration checks this cell yet: the citation is the declared statement.
            assertThat(e.tla()).as(where).isEqualTo(declared(row, p).tlaSpec());
            continue;
          }
          Matcher m = CFG.matcher(e.tla());
          assertThat(m.matches())
              .as("%s: not a Spec_Name.(holds|violates-P).cfg name", where)
              .isTrue();
          Path cfg = dir.resolve(e.tla());
          assertThat(cfg).as("%s: the configuration is missing", where).exists();
          assertThat(m.group(2).startsWith("violates"))
              .as("%s: DISAGREEMENT, the table expects %s", where, e.word())
              .isEqualTo(e.violated());
          if (e.violated()) {
            assertThat(names).as("%s: violates another property", where).contains(m.group(3));
          }
          String text = Files.readString(cfg);
          assertThat(names.stream().anyMatch(n -> text.matches("(?s).*\\b" + n + "\\b.*")))
              .as("%s: the configuration checks none of %s", where, names)
              .isTrue();
          String spec = m.group(1);
          List<String> specs = new ArrayList<>(List.of(specOf(row.kind()), "FencedResource"));
          if (row.kind() == LockKind.FAIR) {
            // The fair lock's holder key and fence counter are the single-node lock's: FairQueue
            // models the queue, SingleRedis the tokens and the faults FairQueue leaves out.
            specs.add("SingleRedis");
          }
          assertThat(specs).as(where).contains(spec);
        }
      }
    }
  }

  @ParameterizedTest
  @EnumSource(LockKind.class)
  void cellsThatDoNotApplyHaveNoExpectation(LockKind kind) {
    for (Column c : Column.values()) {
      Row row = new Row(kind, true);
      if (c.appliesTo(kind)) {
        assertThat(EXPECTATIONS.of(row, c, SafetyProperty.MUTUAL_EXCLUSION)).isNotNull();
      } else {
        assertThatThrownBy(() -> EXPECTATIONS.of(row, c, SafetyProperty.MUTUAL_EXCLUSION))
            .isInstanceOf(NoSuchElementException.class);
      }
    }
  }

  @Test
  void theControlHoldsEverywhereAndZooKeeperBreaksOnlyUnderAClientPause() {
    for (Row row : Row.all()) {
      for (SafetyProperty p : SafetyProperty.values()) {
        assertThat(EXPECTATIONS.of(row, Column.NONE, p).violated()).as("%s %s", row, p).isFalse();
      }
    }
    Row zk = new Row(LockKind.ZOOKEEPER, false);
    assertThat(EXPECTATIONS.of(zk, Column.CLIENT_PAUSE, SafetyProperty.RESOURCE_SAFETY).violated())
        .isTrue();
    Row zkGuarded = new Row(LockKind.ZOOKEEPER, true);
    assertThat(
            EXPECTATIONS
                .of(zkGuarded, Column.CLIENT_PAUSE, SafetyProperty.RESOURCE_SAFETY)
                .violated())
        .isFalse();
  }

  private static String specOf(LockKind kind) {
    return switch (kind) {
      case SINGLE, SINGLE_REPLICA, SENTINEL, CLUSTER -> "SingleRedis";
      case REDLOCK -> "Redlock";
      case FAIR -> "FairQueue";
      case DUAL_WRITE -> "DualWrite";
      case ZOOKEEPER, ZOOKEEPER_ENSEMBLE -> "ZooKeeperLock";
      case JDBC_TABLE_POSTGRES,
          JDBC_FOR_UPDATE_POSTGRES,
          JDBC_TABLE_MARIADB,
          JDBC_FOR_UPDATE_MARIADB ->
          "JdbcLock";
    };
  }

  private static Path tlaDir() {
    Path p = Path.of("").toAbsolutePath();
    while (p != null) {
      Path tla = p.resolve("tla/src/main/tla");
      if (Files.isDirectory(tla)) {
        return tla;
      }
      p = p.getParent();
    }
    throw new AssertionError("no tla/src/main/tla above " + Path.of("").toAbsolutePath());
  }
}
