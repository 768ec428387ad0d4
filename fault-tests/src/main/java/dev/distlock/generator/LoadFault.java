package dev.distlock.generator;

import dev.distlock.Fault;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/**
 * One fault of a continuous run's random schedule: what, when (from the start of the load), for how
 * long, and on which targets. Clients and nodes are indices: a partition or latency cuts or slows
 * the links of every listed client to every listed node; a server pause, clock jump or crash hits
 * the listed nodes; a client pause freezes the listed clients; a failover ignores both.
 *
 * @param fault the fault
 * @param atMs when it starts, ms after the load started
 * @param windowMs how long it stays in effect
 * @param clients client ids it targets (1-based)
 * @param nodes lock server indices it targets (0-based)
 * @param size the magnitude: added delay (latency, ms), jump (clock, ms); unused otherwise
 * @param aim the kind of backend call ({@link #AIMS}) the start waits for: the driver probes the
 *     clients and starts the fault as soon as one of them has such a call under way (or when the
 *     wait runs out, see {@code LoadExecutor}); empty to start on time
 */
public record LoadFault(
    Fault fault,
    long atMs,
    long windowMs,
    List<Integer> clients,
    List<Integer> nodes,
    long size,
    String aim) {
  /** The kinds of backend call a start can be aimed at. */
  public static final List<String> AIMS = List.of("acquire", "renew", "release");

  /**
   * A fault that starts at its time, aimed at nothing.
   *
   * @param fault the fault
   * @param atMs when it starts, from the start of the load
   * @param windowMs how long until it is healed
   * @param clients the targeted clients
   * @param nodes the targeted nodes
   * @param size the fault's size (latency, clock jump), 0 where none
   */
  public LoadFault(
      Fault fault,
      long atMs,
      long windowMs,
      List<Integer> clients,
      List<Integer> nodes,
      long size) {
    this(fault, atMs, windowMs, clients, nodes, size, "");
  }

  /** Validates and copies. */
  public LoadFault {
    Objects.requireNonNull(fault, "fault");
    clients = List.copyOf(clients);
    nodes = List.copyOf(nodes);
    Objects.requireNonNull(aim, "aim");
    if (!aim.isEmpty() && !AIMS.contains(aim)) {
      throw new IllegalArgumentException("bad aim '" + aim + "'; known: " + AIMS);
    }
    if (atMs < 0 || windowMs < 1 || size < 0) {
      throw new IllegalArgumentException(
          "bad fault: at " + atMs + " ms, window " + windowMs + " ms, size " + size);
    }
  }

  /**
   * Returns when the fault is healed, ms after the load started.
   *
   * @return {@code atMs + windowMs}
   */
  public long endMs() {
    return atMs + windowMs;
  }

  /**
   * Returns a copy with another window.
   *
   * @param value the window in ms
   * @return the copy
   */
  public LoadFault withWindow(long value) {
    return new LoadFault(fault, atMs, value, clients, nodes, size, aim);
  }

  /**
   * Returns a copy on other targets.
   *
   * @param c client ids
   * @param n node indices
   * @return the copy
   */
  public LoadFault withTargets(List<Integer> c, List<Integer> n) {
    return new LoadFault(fault, atMs, windowMs, c, n, size, aim);
  }

  /**
   * Returns the compact form read back by {@link #parse}: {@code partition@1200+1500:c1.3:n0:0}.
   *
   * @return the text
   */
  public String encode() {
    return fault.name().toLowerCase(Locale.ROOT).replace('_', '-')
        + "@"
        + atMs
        + "+"
        + windowMs
        + ":c"
        + join(clients)
        + ":n"
        + join(nodes)
        + ":"
        + size
        + (aim.isEmpty() ? "" : ":" + aim);
  }

  /**
   * Returns this fault aimed at a kind of call.
   *
   * @param kind one of {@link #AIMS}, or empty for none
   * @return the aimed fault
   */
  public LoadFault withAim(String kind) {
    return new LoadFault(fault, atMs, windowMs, clients, nodes, size, kind);
  }

  /**
   * Parses {@link #encode()}'s form.
   *
   * @param text e.g. {@code latency@300+500:c2:n0.1:400}
   * @return the fault
   * @throws IllegalArgumentException if malformed
   */
  public static LoadFault parse(String text) {
    try {
      String[] parts = text.trim().split(":");
      int at = parts[0].indexOf('@');
      int plus = parts[0].indexOf('+');
      Fault f = Fault.valueOf(parts[0].substring(0, at).toUpperCase(Locale.ROOT).replace('-', '_'));
      long atMs = Long.parseLong(parts[0].substring(at + 1, plus));
      long window = Long.parseLong(parts[0].substring(plus + 1));
      return new LoadFault(
          f,
          atMs,
          window,
          split(parts[1].substring(1)),
          split(parts[2].substring(1)),
          Long.parseLong(parts[3]),
          parts.length > 4 ? parts[4] : "");
    } catch (RuntimeException e) {
      throw new IllegalArgumentException("bad fault '" + text + "': " + e.getMessage(), e);
    }
  }

  private static String join(List<Integer> l) {
    return l.stream().map(String::valueOf).collect(Collectors.joining("."));
  }

  private static List<Integer> split(String s) {
    if (s.isEmpty()) {
      return List.of();
    }
    return java.util.Arrays.stream(s.split("\\.")).map(Integer::valueOf).toList();
  }

  @Override
  public String toString() {
    return encode();
  }
}
