package dev.distlock.cluster;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.time.Duration;

/**
 * A Toxiproxy proxy in front of a server: where clients connect ({@link #host()}, {@link #port()})
 * and the toxiproxy-java {@link Proxy} for toxics. The helpers below cover the fault model's
 * network nemeses; anything else goes through {@link #proxy()}. Helpers throw {@link
 * HarnessException} when the Toxiproxy API fails. Thread-safe as far as Toxiproxy is.
 */
public final class ProxiedEndpoint {
  private static final String BLACKHOLE_UP = "distlock-blackhole-up";
  private static final String BLACKHOLE_DOWN = "distlock-blackhole-down";
  private static final String LATENCY = "distlock-latency";

  private final Proxy proxy;
  private final String host;
  private final int port;

  private ProxiedEndpoint(Proxy proxy, String host, int port) {
    this.proxy = proxy;
    this.host = host;
    this.port = port;
  }

  static ProxiedEndpoint of(Proxy proxy) {
    String listen = proxy.getListen();
    int colon = listen.lastIndexOf(':');
    if (colon < 0) {
      throw new HarnessException("unexpected proxy listen address: " + listen);
    }
    return new ProxiedEndpoint(
        proxy, listen.substring(0, colon), Integer.parseInt(listen.substring(colon + 1)));
  }

  /**
   * Returns the proxy's name.
   *
   * @return the name
   */
  public String name() {
    return proxy.getName();
  }

  /**
   * Returns the host clients connect to.
   *
   * @return "127.0.0.1"
   */
  public String host() {
    return host;
  }

  /**
   * Returns the port clients connect to; stable for the proxy's life.
   *
   * @return the listen port
   */
  public int port() {
    return port;
  }

  /**
   * Returns "host:port" of the upstream server.
   *
   * @return the upstream address
   */
  public String upstream() {
    return proxy.getUpstream();
  }

  /**
   * Returns the toxiproxy-java proxy, for toxics not covered here.
   *
   * @return the proxy
   */
  public Proxy proxy() {
    return proxy;
  }

  /**
   * Black-holes traffic both ways: {@code timeout} toxics with timeout 0, so connections stay open
   * and nothing arrives until {@link #heal()} (a partition as TCP sees one).
   */
  public void blackhole() {
    call(
        "blackhole",
        () -> {
          proxy.toxics().timeout(BLACKHOLE_UP, ToxicDirection.UPSTREAM, 0);
          proxy.toxics().timeout(BLACKHOLE_DOWN, ToxicDirection.DOWNSTREAM, 0);
        });
  }

  /**
   * Delays responses (downstream) by {@code latency} ± {@code jitter}; replaces an earlier latency.
   *
   * @param latency the added delay
   * @param jitter the random spread around it (zero for none)
   */
  public void latency(Duration latency, Duration jitter) {
    call(
        "latency",
        () -> {
          removeIfPresent(LATENCY);
          proxy
              .toxics()
              .latency(LATENCY, ToxicDirection.DOWNSTREAM, latency.toMillis())
              .setJitter(jitter.toMillis());
        });
  }

  /**
   * Removes the latency toxic only, leaving any other fault on this link (a black hole started
   * meanwhile) in place.
   */
  public void removeLatency() {
    call("remove latency", () -> removeIfPresent(LATENCY));
  }

  /** Disables the proxy: open connections are closed and new ones refused. */
  public void disable() {
    call("disable", proxy::disable);
  }

  /** Enables the proxy again. */
  public void enable() {
    call("enable", proxy::enable);
  }

  /** Removes every toxic of this proxy and enables it. */
  public void heal() {
    IoAction heal =
        () -> {
          for (Toxic t : proxy.toxics().getAll()) {
            t.remove();
          }
          proxy.enable();
        };
    try {
      heal.run();
    } catch (IOException first) {
      // Seen under load while a latency toxic still held data: the API call failed once. Healing
      // is idempotent (toxics are listed afresh), so it is tried once more before giving up.
      call("heal", heal);
    }
  }

  private void removeIfPresent(String toxic) throws IOException {
    for (Toxic t : proxy.toxics().getAll()) {
      if (t.getName().equals(toxic)) {
        t.remove();
      }
    }
  }

  private interface IoAction {
    void run() throws IOException;
  }

  private void call(String what, IoAction action) {
    try {
      action.run();
    } catch (IOException e) {
      throw new HarnessException("toxiproxy " + what + " on proxy " + name() + " failed", e);
    }
  }

  @Override
  public String toString() {
    return name() + "[" + host + ":" + port + " -> " + upstream() + "]";
  }
}
