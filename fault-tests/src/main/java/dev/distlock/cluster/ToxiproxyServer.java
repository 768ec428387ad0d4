package dev.distlock.cluster;

import eu.rekawek.toxiproxy.Proxy;
import eu.rekawek.toxiproxy.ToxiproxyClient;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A real {@code toxiproxy-server} process on 127.0.0.1 and a toxiproxy-java client for it: the
 * network nemesis of the harness (partitions, latency, refused connections).
 *
 * <p>{@link #start()} returns once the HTTP API answers. Every proxy listens on a port the server
 * picks itself on 127.0.0.1 (so two proxies can never race for one port) and keeps that port across
 * disable/enable. Toxiproxy-java's checked {@link IOException}s are rethrown as {@link
 * HarnessException}. API calls time out after 30 s (scaled): loading this class sets the JDK's
 * {@code sun.net.client.default{Connect,Read}Timeout} unless already set, since toxiproxy-java sets
 * none. {@link #close()} kills the server; the process is also registered with {@link Processes}.
 * Thread-safe.
 */
public final class ToxiproxyServer implements AutoCloseable {
  private static final int ATTEMPTS = 3;

  static {
    // toxiproxy-java's HttpURLConnection sets no timeouts, so a hung API call would block a test
    // forever. These JDK-wide defaults bound every such call unless the JVM already chose others.
    String ms = Long.toString(Timing.seconds(30).toMillis());
    if (System.getProperty("sun.net.client.defaultConnectTimeout") == null) {
      System.setProperty("sun.net.client.defaultConnectTimeout", ms);
    }
    if (System.getProperty("sun.net.client.defaultReadTimeout") == null) {
      System.setProperty("sun.net.client.defaultReadTimeout", ms);
    }
  }

  private final int apiPort;
  private final ManagedProcess process;
  private final ToxiproxyClient client;
  private final List<ProxiedEndpoint> proxies = new ArrayList<>();

  private ToxiproxyServer(int apiPort, ManagedProcess process) {
    this.apiPort = apiPort;
    this.process = process;
    this.client = new ToxiproxyClient(Ports.LOOPBACK, apiPort);
  }

  /**
   * Starts a server on a free port, logging to the current test's log directory.
   *
   * @return the running server, its API answering
   * @throws HarnessException if toxiproxy-server is missing (run scripts/setup.sh) or does not
   *     answer in time
   */
  public static ToxiproxyServer start() {
    return start(LogDirs.current());
  }

  /**
   * Starts a server on a free port, logging to {@code logDir}.
   *
   * @param logDir directory for toxiproxy-&lt;port&gt;.log
   * @return the running server, its API answering
   * @throws HarnessException if toxiproxy-server is missing or does not answer in time
   */
  public static ToxiproxyServer start(Path logDir) {
    Path binary = Binaries.toxiproxyServer();
    HarnessException last = null;
    for (int attempt = 0; attempt < ATTEMPTS; attempt++) {
      int port = Ports.free();
      String name = "toxiproxy-" + port;
      ManagedProcess p =
          Processes.start(
              name,
              new ProcessBuilder(
                  binary.toString(), "-host", Ports.LOOPBACK, "-port", Integer.toString(port)),
              LogDirs.file(logDir, name));
      ToxiproxyServer server = new ToxiproxyServer(port, p);
      try {
        Deadline.await(
            name + " API to answer",
            Timing.seconds(15),
            () -> {
              if (!p.isAlive()) {
                throw new HarnessException(
                    name + " exited during start; log " + p.logFile() + ":\n" + p.logTail(20));
              }
              server.client.version();
              return true;
            });
        return server;
      } catch (HarnessException e) {
        p.kill();
        last = e;
        if (!p.logTail(20).contains("address already in use")) {
          throw e;
        }
      }
    }
    throw last;
  }

  /**
   * Returns the host of the HTTP API.
   *
   * @return always "127.0.0.1"
   */
  public String host() {
    return Ports.LOOPBACK;
  }

  /**
   * Returns the port of the HTTP API.
   *
   * @return the API port
   */
  public int apiPort() {
    return apiPort;
  }

  /**
   * Returns the toxiproxy-java client bound to this server.
   *
   * @return the client
   */
  public ToxiproxyClient client() {
    return client;
  }

  /**
   * Returns the server process.
   *
   * @return the process
   */
  public ManagedProcess process() {
    return process;
  }

  /**
   * Creates an enabled proxy listening on a free 127.0.0.1 port and forwarding to the upstream.
   *
   * @param name a name unique on this server
   * @param upstreamHost the real server's host
   * @param upstreamPort the real server's port
   * @return the endpoint clients should connect to
   * @throws HarnessException if the server refuses (e.g. the name is taken)
   */
  public ProxiedEndpoint proxy(String name, String upstreamHost, int upstreamPort) {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(upstreamHost, "upstreamHost");
    try {
      Proxy proxy =
          client.createProxy(name, Ports.LOOPBACK + ":0", upstreamHost + ":" + upstreamPort);
      ProxiedEndpoint endpoint = ProxiedEndpoint.of(proxy);
      synchronized (proxies) {
        proxies.add(endpoint);
      }
      return endpoint;
    } catch (IOException e) {
      throw new HarnessException(
          "could not create proxy " + name + " to " + upstreamHost + ":" + upstreamPort, e);
    }
  }

  /**
   * Creates a proxy in front of a redis server (see {@link #proxy(String, String, int)}).
   *
   * @param name a name unique on this server
   * @param upstream the server
   * @return the endpoint clients should connect to
   */
  public ProxiedEndpoint proxy(String name, RedisServer upstream) {
    return proxy(name, upstream.host(), upstream.port());
  }

  /**
   * Returns the proxies created through this object, oldest first.
   *
   * @return a snapshot
   */
  public List<ProxiedEndpoint> proxies() {
    synchronized (proxies) {
      return List.copyOf(proxies);
    }
  }

  /**
   * Removes every toxic from every proxy and enables every proxy (Toxiproxy's {@code /reset}).
   *
   * @throws HarnessException if the API call fails
   */
  public void resetAll() {
    try {
      client.reset();
    } catch (IOException e) {
      throw new HarnessException("toxiproxy reset failed", e);
    }
  }

  /** Kills the server (every proxy goes with it). Idempotent. */
  @Override
  public void close() {
    process.kill();
  }

  @Override
  public String toString() {
    return "toxiproxy@" + host() + ":" + apiPort;
  }
}
