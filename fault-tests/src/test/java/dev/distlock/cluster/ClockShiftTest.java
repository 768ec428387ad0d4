package dev.distlock.cluster;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Java half of the clock shift: what it writes is what clockshift.c reads. */
class ClockShiftTest {
  @Test
  void offsetIsEightNativeOrderBytesOfNanoseconds(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("offset");
    ClockShift clock = ClockShift.create(file, false);

    clock.set(Duration.ofSeconds(120));

    assertThat(Files.size(file)).isEqualTo(8);
    assertThat(readNanos(file)).isEqualTo(120_000_000_000L);
  }

  @Test
  void shiftAddsAndResetReturnsToZero(@TempDir Path dir) throws Exception {
    ClockShift clock = ClockShift.create(dir.resolve("offset"), true);

    clock.shift(Duration.ofSeconds(30));
    clock.shift(Duration.ofSeconds(-45));

    assertThat(clock.offset()).isEqualTo(Duration.ofSeconds(-15));
    assertThat(readNanos(clock.offsetFile())).isEqualTo(-15_000_000_000L);
    clock.reset();
    assertThat(readNanos(clock.offsetFile())).isZero();
  }

  @Test
  void environmentPreloadsTheLibraryAheadOfAnInheritedPreload(@TempDir Path dir) {
    ClockShift clock = ClockShift.create(dir.resolve("offset"), true);

    var env = clock.environment(Path.of("/lib/cs.so"), "/lib/other.so");

    assertThat(env)
        .containsEntry("LD_PRELOAD", "/lib/cs.so:/lib/other.so")
        .containsEntry(ClockShift.OFFSET_FILE_ENV, clock.offsetFile().toString())
        .containsEntry(ClockShift.MONOTONIC_ENV, "1");
  }

  private static long readNanos(Path file) throws Exception {
    return ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.nativeOrder()).getLong();
  }
}
