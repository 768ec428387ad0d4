package dev.distlock.build;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The BOM is not a child of the parent (so it pins nothing but distlock), which means nothing in
 * Maven keeps it in step: this test does. Every {@code distlock-*} library module must be managed
 * by the BOM, and the BOM's version must be the project's.
 */
class BomListsEveryLibraryModuleTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

  @Test
  void bomManagesEveryLibraryModuleAtTheProjectVersion() throws IOException {
    String parent = Files.readString(ROOT.resolve("pom.xml"));
    String bom = Files.readString(ROOT.resolve("distlock-bom/pom.xml"));
    assertThat(firstVersion(bom)).isEqualTo(firstVersion(afterParentId(parent)));

    List<String> modules;
    try (Stream<Path> dirs = Files.list(ROOT)) {
      modules =
          dirs.filter(d -> Files.exists(d.resolve("pom.xml")))
              .map(d -> d.getFileName().toString())
              .filter(n -> n.startsWith("distlock-") && !n.equals("distlock-bom"))
              .sorted()
              .toList();
    }
    assertThat(modules).contains("distlock-core", "distlock-redis", "distlock-zookeeper");
    for (String module : modules) {
      assertThat(bom)
          .as("distlock-bom manages %s", module)
          .contains("<artifactId>" + module + "</artifactId>");
      assertThat(parent)
          .as("the parent builds %s", module)
          .contains("<module>" + module + "</module>");
    }
  }

  private static String afterParentId(String pom) {
    return pom.substring(pom.indexOf("<artifactId>distlock-parent</artifactId>"));
  }

  private static String firstVersion(String pom) {
    Matcher m = Pattern.compile("<version>([^<]+)</version>").matcher(pom);
    assertThat(m.find()).isTrue();
    return m.group(1);
  }
}
