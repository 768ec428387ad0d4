package dev.distlock.matrix;

import static org.assertj.core.api.Assertions.assertThat;

import dev.distlock.Guarantee;
import dev.distlock.workload.LockKind;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every guarantee a lock declares names evidence that exists: a fault-test class in this module and
 * a TLA+ module under tla/. A renamed test or spec must not leave a claim pointing at nothing.
 */
class GuaranteeEvidenceTest {

  @ParameterizedTest
  @EnumSource(LockKind.class)
  void everyDeclaredGuaranteeNamesAnExistingFaultTestAndSpec(LockKind kind) {
    for (Guarantee g : Declared.guarantees(kind).items()) {
      assertThat(testClassExists(g.faultTest()))
          .as("%s %s names fault test %s", kind, g.property(), g.faultTest())
          .isTrue();
      String module = g.tlaSpec().substring(0, g.tlaSpec().indexOf('!'));
      assertThat(java.nio.file.Files.exists(tlaDir().resolve(module + ".tla")))
          .as("%s %s names TLA+ module %s", kind, g.property(), module)
          .isTrue();
    }
  }

  @Test
  void aMissingTestIsNoticed() {
    assertThat(testClassExists("NoSuchScenarioIT")).isFalse();
    assertThat(testClassExists("SingleRedisTargetedIT")).isTrue();
  }

  private static boolean testClassExists(String simpleName) {
    for (String pkg :
        new String[] {"scenario", "contract", "redlock", "dualwrite", "zookeeper", "guard"}) {
      try {
        Class.forName("dev.distlock." + pkg + "." + simpleName);
        return true;
      } catch (ClassNotFoundException e) {
        // try the next package
      }
    }
    return false;
  }

  private static java.nio.file.Path tlaDir() {
    // Tests run with the module directory as working directory.
    return java.nio.file.Path.of("..", "tla", "src", "main", "tla");
  }
}
