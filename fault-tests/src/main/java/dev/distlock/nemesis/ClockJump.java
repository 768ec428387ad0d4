package dev.distlock.nemesis;

import dev.distlock.Fault;
import dev.distlock.cluster.RedisServer;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.stream.Collectors;

/**
 * Jumps the wall clock of redis servers started with {@code clockShift(true)} by {@code delta}
 * (forward, or back when negative) through the clock-shift preload library; the server sees the
 * jump at its next clock read, so a key whose TTL the jump passes is gone at once. Heal puts the
 * clocks back on real time. Note that the heal is itself a jump back.
 */
public final class ClockJump implements Nemesis {
  private final List<RedisServer> servers;
  private final Duration delta;

  private ClockJump(List<RedisServer> servers, Duration delta) {
    this.servers = List.copyOf(servers);
    this.delta = delta;
    for (RedisServer s : this.servers) {
      s.clock(); // fails now, not mid-scenario, for a server without the library
    }
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
    return new ClockJump(servers, delta);
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
        + servers.stream().map(RedisServer::toString).collect(Collectors.joining(", "))
        + ")";
  }

  @Override
  public synchronized void start() {
    for (RedisServer s : servers) {
      s.clock().shift(delta);
    }
  }

  @Override
  public synchronized void heal() {
    Heal.all(servers, s -> s.clock().reset());
  }
}
