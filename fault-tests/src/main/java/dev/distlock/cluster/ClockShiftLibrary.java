package dev.distlock.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;

/**
 * Builds the clock-shift preload library from the C source shipped as a resource, once per source
 * version: the shared object is cached under target/distlock-native/ by the source's SHA-256, and
 * built with a temporary name then moved into place, so concurrent builds cannot see half a file.
 */
final class ClockShiftLibrary {
  static final String SOURCE = "clockshift.c";
  private static Path built;

  private ClockShiftLibrary() {}

  static synchronized Path get() {
    if (built == null || !Files.isRegularFile(built)) {
      built = build(Path.of("target", "distlock-native").toAbsolutePath());
    }
    return built;
  }

  private static Path build(Path dir) {
    byte[] source;
    try (InputStream in = ClockShiftLibrary.class.getResourceAsStream(SOURCE)) {
      if (in == null) {
        throw new HarnessException("resource " + SOURCE + " missing next to ClockShiftLibrary");
      }
      source = in.readAllBytes();
    } catch (IOException e) {
      throw new HarnessException("could not read resource " + SOURCE, e);
    }
    String hash = sha256(source).substring(0, 16);
    Path lib = dir.resolve("libclockshift-" + hash + ".so");
    if (Files.isRegularFile(lib)) {
      return lib;
    }
    Path gcc = Binaries.gcc();
    try {
      Files.createDirectories(dir);
      Path src = dir.resolve("clockshift-" + hash + ".c");
      Files.write(src, source);
      Path tmp = Files.createTempFile(dir, "libclockshift-", ".so.tmp");
      Path log = dir.resolve("clockshift-" + hash + ".gcc.log");
      Process p =
          new ProcessBuilder(
                  gcc.toString(),
                  "-shared",
                  "-fPIC",
                  "-O2",
                  "-Wall",
                  "-o",
                  tmp.toString(),
                  src.toString())
              .redirectErrorStream(true)
              .redirectOutput(log.toFile())
              .start();
      long limit = Timing.seconds(60).toMillis();
      if (!p.waitFor(limit, TimeUnit.MILLISECONDS)) {
        p.destroyForcibly();
        throw new HarnessException("gcc did not finish building " + lib + " in " + limit + " ms");
      }
      if (p.exitValue() != 0) {
        throw new HarnessException(
            "gcc failed to build the clock-shift library (exit "
                + p.exitValue()
                + "): "
                + Files.readString(log, StandardCharsets.UTF_8));
      }
      Files.move(tmp, lib, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      return lib;
    } catch (IOException e) {
      throw new HarnessException("could not build the clock-shift library into " + dir, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new HarnessException("interrupted while building the clock-shift library", e);
    }
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is required of every JVM", e);
    }
  }
}
