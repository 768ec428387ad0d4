package dev.distlock.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;

/**
 * Free TCP ports on 127.0.0.1.
 *
 * <p>A port returned here was free when it was checked; another process may take it before the
 * caller binds it, so servers that start on such a port retry on a fresh one when the bind fails.
 */
public final class Ports {
  /** The only address servers of the harness bind. */
  public static final String LOOPBACK = "127.0.0.1";

  private Ports() {}

  /**
   * Returns a port that was free on 127.0.0.1 a moment ago.
   *
   * @return a port in the ephemeral range
   * @throws UncheckedIOException if no socket could be bound at all
   */
  public static int free() {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("could not find a free port on " + LOOPBACK, e);
    }
  }

  /**
   * Returns {@code count} distinct ports that were free on 127.0.0.1 a moment ago.
   *
   * @param count how many
   * @return the ports, all different
   * @throws UncheckedIOException if no socket could be bound at all
   */
  public static int[] free(int count) {
    java.util.Set<Integer> ports = new java.util.LinkedHashSet<>();
    while (ports.size() < count) {
      ports.add(free());
    }
    return ports.stream().mapToInt(Integer::intValue).toArray();
  }
}
