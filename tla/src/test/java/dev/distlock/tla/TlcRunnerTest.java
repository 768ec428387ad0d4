package dev.distlock.tla;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TlcRunnerTest {

  @Test
  void readsNameValueOptionsAndKeepsEmptyValues() {
    assertThat(
            TlcRunner.parseOptions(new String[] {"--specs=src/main/tla", "--only=", "--heap=1g"}))
        .containsEntry("specs", "src/main/tla")
        .containsEntry("only", "")
        .containsEntry("heap", "1g");
  }

  @Test
  void valuesMayContainEqualsSigns() {
    assertThat(TlcRunner.parseOptions(new String[] {"--only=a=b"})).containsEntry("only", "a=b");
  }

  @Test
  void rejectsOtherShapes() {
    assertThatThrownBy(() -> TlcRunner.parseOptions(new String[] {"--specs", "dir"}))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("--name=value");
  }
}
