package dev.distlock.cluster;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.model.Toxic;
import eu.rekawek.toxiproxy.model.ToxicDirection;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * A Toxiproxy proxy in front of a server: where clients connect ({@link #host()}, {@link #port()})
 * and the toxiproxy-java {@link Proxy} for toxics. The helpers below cover the fault model's
 * network nemeses; anything else goes through {@link #proxy()}. Helpers throw {@link
 * HarnessException} when the Toxiproxy API fails. Thread-safe as far as Toxiproxy is.
 */
public final class ProxiedEndpoint {
  private static final String BLACKHOLE_UP = "distlock-blackhole-up";
  private static final String BLACKHOLE_DOWN = "distlock-blackhole-down";
  private static final String HOLD_UP = "distlock-hold-up";
  private static final String HOLD_DOWN = "distlock-hold-down";
  private static final String LATENCY = "distlock-latency";

  /** How long a {@link #hold()} holds data: far beyond any run, so only a heal releases it. */
  private static final long HOLD_MS = Duration.ofHours(6).toMillis();

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
   * Black-holes traffic both ways: {@code timeout} toxics with timeout 0. Connections stay open,
   * bytes sent meanwhile are dropped, and a connection closed by one side during the black hole is
   * closed towards the other at once. Removing a {@code timeout} toxic closes every connection that
   * ran through it, so {@link #heal()} ends a black hole in a connection reset: a partition
   * followed by a drop (for a lock bound to its session, such as PostgreSQL's {@code FOR UPDATE},
   * the drop frees the lock at the heal). For a partition as TCP sees one, see {@link #hold()}.
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
   * Holds traffic both ways until {@link #heal()}: {@code latency} toxics of {@value #HOLD_MS} ms,
   * whose removal delivers what they held, in order, on the same connections (Toxiproxy's latency
   * toxic drops nothing when removed). A partition as TCP sees one while it is shorter than TCP's
   * retransmission timeout: nothing arrives meanwhile, nothing is lost, no connection is reset by
   * the network; a side that gives up closes its own socket.
   */
  public void hold() {
    call(
        "hold",
        () -> {
          proxy.toxics().latency(HOLD_UP, ToxicDirection.UPSTREAM, HOLD_MS);
          proxy.toxics().latency(HOLD_DOWN, ToxicDirection.DOWNSTREAM, HOLD_MS);
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

  /**
   * Removes every toxic of this proxy and enables it. Removing a latency toxic that holds data for
   * a client that has gone can stall in the Toxiproxy server (Shopify/toxiproxy#558: its API
   * answers 503 in plain text after 25 s, which toxiproxy-java reports as a JSON error, while the
   * removal goes on); healing is idempotent (toxics are listed afresh), so it is tried up to three
   * times before it fails. A stalled heal returns late, and the run records when it returned.
   */
  public void heal() {
    IoAction heal =
        () -> {
          // Server-to-client toxics first: removing the upstream hold first would deliver the held
          // requests and queue their replies behind the downstream hold. Whatever is queued there
          // toward a client that closed its socket during the hold (it timed out) costs Toxiproxy
          // 5 s per chunk when the hold is removed (its writer is gone), and past 25 s the API
          // answers 503 while the removal goes on (Shopify/toxiproxy#558). Replies are avoided this
          // way; what a server pushes unasked (pub/sub messages to a subscriber whose client reset)
          // is not, hence the retries below.
          List<Toxic> toxics = new ArrayList<>(proxy.toxics().getAll());
          toxics.sort(Comparator.comparing(t -> t.getStream() == ToxicDirection.UPSTREAM));
          for (Toxic t : toxics) {
            t.remove();
          }
          proxy.enable();
        };
    for (int attempt = 1; attempt < 3; attempt++) {
      try {
        heal.run();
        return;
      } catch (IOException | RuntimeException e) {
        try {
          Thread.sleep(500L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw new HarnessException("interrupted while healing proxy " + name(), interrupted);
        }
      }
    }
    call("heal", heal); // the third and last attempt, its failure a HarnessException
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
    } catch (IOException | RuntimeException e) {
      // toxiproxy-java reads every error body as JSON; a plain-text one throws a Gson exception.
      throw new HarnessException("toxiproxy " + what + " on proxy " + name() + " failed", e);
    }
  }

  @Override
  public String toString() {
    return name() + "[" + host + ":" + port + " -> " + upstream() + "]";
  }
}
