package dev.distlock.cluster;

import java.io.IOException;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.Map;

/**
 * The wall-clock offset of one server started with the clock-shift preload library (the "clock
 * jump" nemesis).
 *
 * <p>The server reads its clock through {@code clockshift.c}, which adds the signed nanosecond
 * offset stored in an 8-byte file that both sides map shared; a change made here is seen by the
 * server's next clock read, with no restart and no signal. Shifted: {@code CLOCK_REALTIME} (and its
 * coarse variant), {@code gettimeofday} and {@code time} — which is what redis-server 7.0 expires
 * keys by — and, if asked at start, the monotonic clocks too. The offset survives restarts of the
 * server. Thread-safe: the offset is written with one aligned 8-byte store.
 */
public final class ClockShift {
  /** Environment variable naming the offset file, read by the preload library. */
  public static final String OFFSET_FILE_ENV = "DISTLOCK_CLOCK_OFFSET_FILE";

  /** Environment variable that makes the library shift the monotonic clocks too ("1"). */
  public static final String MONOTONIC_ENV = "DISTLOCK_CLOCK_SHIFT_MONOTONIC";

  private final Path offsetFile;
  private final boolean monotonic;
  private final MappedByteBuffer offset;

  private ClockShift(Path offsetFile, boolean monotonic, MappedByteBuffer offset) {
    this.offsetFile = offsetFile;
    this.monotonic = monotonic;
    this.offset = offset;
  }

  /**
   * Creates (or truncates to zero) the offset file and maps it.
   *
   * @param offsetFile where the offset lives; the server must be able to read it
   * @param monotonic whether the server's monotonic clocks are shifted too
   * @return a clock shift at offset zero
   * @throws HarnessException if the file cannot be created or mapped
   */
  static ClockShift create(Path offsetFile, boolean monotonic) {
    try (FileChannel ch =
        FileChannel.open(
            offsetFile,
            StandardOpenOption.CREATE,
            StandardOpenOption.READ,
            StandardOpenOption.WRITE,
            StandardOpenOption.TRUNCATE_EXISTING)) {
      MappedByteBuffer buf = ch.map(FileChannel.MapMode.READ_WRITE, 0, Long.BYTES);
      buf.order(ByteOrder.nativeOrder());
      ClockShift shift = new ClockShift(offsetFile, monotonic, buf);
      shift.reset();
      return shift;
    } catch (IOException e) {
      throw new HarnessException("could not create the clock offset file " + offsetFile, e);
    }
  }

  /**
   * Creates the wall-clock offset of a child JVM (a lock client) rather than a server: only the
   * wall clocks shift, so the child's timeouts, which run on the monotonic clock, are untouched.
   *
   * @param offsetFile where the offset lives (e.g. beside the child's log); truncated to zero
   * @return a clock shift at offset zero
   * @throws HarnessException if the file cannot be created or mapped
   */
  public static ClockShift forChildJvm(Path offsetFile) {
    return create(offsetFile, false);
  }

  /**
   * The environment a child process needs to run shifted: builds the preload library (once) and
   * names it in {@code LD_PRELOAD} ahead of {@code inheritedPreload}.
   *
   * @param inheritedPreload the child's {@code LD_PRELOAD} so far, or null
   * @return the variables to add to the child's environment
   * @throws HarnessException if the library cannot be built
   */
  public Map<String, String> childEnvironment(String inheritedPreload) {
    return environment(ClockShiftLibrary.get(), inheritedPreload);
  }

  /** The environment a server process needs to run shifted, given the built library. */
  Map<String, String> environment(Path library, String inheritedPreload) {
    String preload =
        inheritedPreload == null || inheritedPreload.isBlank()
            ? library.toString()
            : library + ":" + inheritedPreload;
    return Map.of(
        "LD_PRELOAD",
        preload,
        OFFSET_FILE_ENV,
        offsetFile.toString(),
        MONOTONIC_ENV,
        monotonic ? "1" : "0");
  }

  /**
   * Returns the current offset of the server's clock from the real clock.
   *
   * @return the offset; zero after {@link #reset()}
   */
  public synchronized Duration offset() {
    return Duration.ofNanos(offset.getLong(0));
  }

  /**
   * Sets the offset: the server's wall clock reads real time plus {@code value} from now on.
   *
   * @param value the offset, negative for a clock behind real time
   * @throws ArithmeticException if {@code value} does not fit in 64-bit nanoseconds
   */
  public synchronized void set(Duration value) {
    offset.putLong(0, value.toNanos());
  }

  /**
   * Jumps the server's clock by {@code delta} relative to its current offset.
   *
   * @param delta how far to jump, negative to jump back
   * @throws ArithmeticException if the new offset overflows 64-bit nanoseconds
   */
  public synchronized void shift(Duration delta) {
    set(offset().plus(delta));
  }

  /** Puts the server's clock back on real time (offset zero). */
  public void reset() {
    set(Duration.ZERO);
  }

  /**
   * Returns the offset file the server reads.
   *
   * @return the path of the 8-byte offset file
   */
  public Path offsetFile() {
    return offsetFile;
  }

  /**
   * Tells whether the monotonic clocks are shifted too.
   *
   * @return true if the server was started with monotonic shifting
   */
  public boolean shiftsMonotonic() {
    return monotonic;
  }

  @Override
  public String toString() {
    return "ClockShift(" + offset() + (monotonic ? ", monotonic too" : "") + ")";
  }
}
