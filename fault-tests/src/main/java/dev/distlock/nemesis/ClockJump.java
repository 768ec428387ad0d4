package dev.distlock.nemesis;

import dev.distlock.Fault;
import dev.distlock.client.ClientProcess;
import dev.distlock.cluster.ClockShift;
import dev.distlock.cluster.DatabaseServer;
import dev.distlock.cluster.RedisServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Jumps the wall clock of servers started with the clock-shift preload library by {@code delta}
 * (forward, or back when negative); the server sees the jump at its next clock read, so a redis key
 * whose TTL the jump passes is gone at once, and a database's {@code now()} moves by {@code delta}.
 * Heal puts the clocks back on real time. Note that the heal is itself a jump back.
 */
public final class ClockJump implements Nemesis {
  /** One server's clock. */
  private record Target(String name, ClockShift clock) {}

  private final List<Target> servers;
  private final Duration delta;

  private ClockJump(List<Target> servers, Duration delta) {
    this.servers = List.copyOf(servers);
    this.delta = delta;
  }

  /**
   * Returns a clock jump.
   *
   * @param delta how far to jump (negative: back)
   * @param servers servers started with {@code clockShift(true)}
   * @return the nemesis, not started
   * @throws IllegalStateException if a server cannot shift its clock
   */
  public static ClockJump of(Duration delta, List<RedisServer> servers) {
    List<Target> t = new ArrayList<>();
    // s.clock() fails now, not mid-scenario, for a server without the library.
    servers.forEach(s -> t.add(new Target(s.toString(), s.clock())));
    return new ClockJump(t, delta);
  }

  /**
   * Returns a clock jump of database servers.
   *
   * @param delta how far to jump (negative: back)
   * @param servers servers started with {@code clockShift(true)}
   * @return the nemesis, not started
   * @throws IllegalStateException if a server cannot shift its clock
   */
  public static ClockJump databases(Duration delta, List<? extends DatabaseServer> servers) {
    List<Target> t = new ArrayList<>();
    servers.forEach(s -> t.add(new Target(s.toString(), s.clock())));
    return new ClockJump(t, delta);
  }

  /**
   * Returns a clock jump of lock clients' JVMs: their wall clocks (what {@code
   * System.currentTimeMillis()} and {@code Instant.now()} read) jump, their monotonic clocks do
   * not.
   *
   * @param delta how far to jump (negative: back)
   * @param clients clients started with a shifted clock
   * @return the nemesis, not started
   * @throws IllegalStateException if a client cannot shift its clock
   */
  public static ClockJump clients(Duration delta, List<ClientProcess> clients) {
    List<Target> t = new ArrayList<>();
    clients.forEach(c -> t.add(new Target("client-" + c.id(), c.clock())));
    return new ClockJump(t, delta);
  }

  @Override
  public Optional<Fault> fault() {
    return Optional.of(Fault.CLOCK_JUMP);
  }

  @Override
  public String describe() {
    return "clock-jump("
        + (delta.isNegative() ? "" : "+")
        + delta.toMillis()
        + " ms: "
        + servers.stream().map(Target::name).collect(Collectors.joining(", "))
        + ")";
  }

  @Override
  public synchronized void start() {
    for (Target s : servers) {
      s.clock().shift(delta);
    }
  }

  @Override
  public synchronized void heal() {
    Heal.all(servers, s -> s.clock().reset());
  }
}
