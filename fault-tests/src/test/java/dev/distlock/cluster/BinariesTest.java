package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BinariesTest {
  private static final String PROPERTY = "distlock.test.binary";
  private static final String ENV = "DISTLOCK_TEST_BINARY_THAT_IS_NEVER_SET";

  @AfterEach
  void clear() {
    System.clearProperty(PROPERTY);
  }

  @Test
  void propertyWinsWhenItNamesAnExecutable(@TempDir Path dir) throws Exception {
    Path exe = Files.createFile(dir.resolve("fake-server"));
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));
    System.setProperty(PROPERTY, exe.toString());

    assertThat(Binaries.find("no-such-binary-anywhere", PROPERTY, ENV, null)).isEqualTo(exe);
  }

  @Test
  void propertyNamingNothingFailsRatherThanFallingBack(@TempDir Path dir) {
    System.setProperty(PROPERTY, dir.resolve("missing").toString());

    assertThatThrownBy(() -> Binaries.find("sh", PROPERTY, ENV, null))
        .isInstanceOf(HarnessException.class)
        .hasMessageContaining(PROPERTY);
  }

  @Test
  void pathIsSearchedAfterPropertyAndEnvironment() {
    assertThat(Binaries.find("sh", PROPERTY, ENV, null).getFileName().toString()).isEqualTo("sh");
  }

  @Test
  void lastResortIsUsedWhenNothingElseHasIt(@TempDir Path dir) throws Exception {
    Path exe = Files.createFile(dir.resolve("toxiproxy-server"));
    Files.setPosixFilePermissions(exe, PosixFilePermissions.fromString("rwx------"));

    assertThat(Binaries.find("no-such-binary-anywhere", PROPERTY, ENV, exe)).isEqualTo(exe);
  }

  @Test
  void missingEverywhereNamesTheSetupScript(@TempDir Path dir) {
    assertThatThrownBy(
            () -> Binaries.find("no-such-binary-anywhere", PROPERTY, ENV, dir.resolve("nope")))
        .isInstanceOf(HarnessException.class)
        .hasMessageContaining("no-such-binary-anywhere not found")
        .hasMessageContaining(PROPERTY)
        .hasMessageContaining(ENV)
        .hasMessageContaining("scripts/setup.sh");
  }
}
