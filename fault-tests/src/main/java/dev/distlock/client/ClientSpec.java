package dev.distlock.client;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What a child client JVM connects to and how its locks behave; passed to the child as {@code
 * key=value} arguments.
 *
 * @param backend which lock client to build
 * @param endpoints "host:port" of every lock server, as this client reaches them (usually Toxiproxy
 *     proxies of its own, so that a partition can cut one client off one node)
 * @param ttl the lease TTL (Redis); ignored by ZooKeeper
 * @param watchdog whether leases are renewed until released (Redis)
 * @param requestTimeout per-request timeout to a Redis node; also the connect timeout
 * @param sessionTimeout the ZooKeeper session timeout (a client pause longer than this expires it)
 * @param resource "host:port" of the redis-server that holds the protected inventory
 * @param lock the name of a plugged-in lock ({@link dev.distlock.testbed.TestedLocks}) the child
 *     uses instead of distlock's lock of {@code backend}, or null for distlock's
 * @param announced for Sentinel and Cluster: "host:port" each node announces (what Sentinel names
 *     as master, what CLUSTER SLOTS lists), in the order of {@code endpoints}, so the client maps
 *     each announced address to its own link; empty otherwise
 * @param sentinels for Sentinel: "host:port" of each sentinel (reached directly); empty otherwise
 */
public record ClientSpec(
    Backend backend,
    List<String> endpoints,
    Duration ttl,
    boolean watchdog,
    Duration requestTimeout,
    Duration sessionTimeout,
    String resource,
    String lock,
    List<String> announced,
    List<String> sentinels) {

  /**
   * A spec for a lock that reaches its servers at fixed addresses (no discovery).
   *
   * @param backend which lock client to build
   * @param endpoints "host:port" of every lock server
   * @param ttl the lease TTL (Redis)
   * @param watchdog whether leases are renewed
   * @param requestTimeout per-request timeout to a Redis node
   * @param sessionTimeout the ZooKeeper session timeout
   * @param resource "host:port" of the resource's redis-server
   * @param lock a plugged-in lock's name, or null
   */
  public ClientSpec(
      Backend backend,
      List<String> endpoints,
      Duration ttl,
      boolean watchdog,
      Duration requestTimeout,
      Duration sessionTimeout,
      String resource,
      String lock) {
    this(
        backend,
        endpoints,
        ttl,
        watchdog,
        requestTimeout,
        sessionTimeout,
        resource,
        lock,
        List.of(),
        List.of());
  }

  /**
   * A spec for distlock's own lock of {@code backend}.
   *
   * @param backend which lock client to build
   * @param endpoints "host:port" of every lock server
   * @param ttl the lease TTL (Redis)
   * @param watchdog whether leases are renewed
   * @param requestTimeout per-request timeout to a Redis node
   * @param sessionTimeout the ZooKeeper session timeout
   * @param resource "host:port" of the resource's redis-server
   */
  public ClientSpec(
      Backend backend,
      List<String> endpoints,
      Duration ttl,
      boolean watchdog,
      Duration requestTimeout,
      Duration sessionTimeout,
      String resource) {
    this(backend, endpoints, ttl, watchdog, requestTimeout, sessionTimeout, resource, null);
  }

  /**
   * Checks the values.
   *
   * @throws IllegalArgumentException if there is no endpoint, a duration is not positive, the
   *     announced addresses do not match the endpoints one to one, or Sentinel has no sentinel
   */
  public ClientSpec {
    Objects.requireNonNull(backend, "backend");
    endpoints = List.copyOf(endpoints);
    announced = List.copyOf(announced);
    sentinels = List.copyOf(sentinels);
    if (endpoints.isEmpty()) {
      throw new IllegalArgumentException("no endpoint");
    }
    boolean discovers = backend == Backend.REDIS_SENTINEL || backend == Backend.REDIS_CLUSTER;
    if (discovers && announced.size() != endpoints.size()) {
      throw new IllegalArgumentException(
          backend + " needs one announced address per endpoint: " + announced + " vs " + endpoints);
    }
    if (backend == Backend.REDIS_SENTINEL && sentinels.isEmpty()) {
      throw new IllegalArgumentException("REDIS_SENTINEL needs the sentinels' addresses");
    }
    for (Duration d : List.of(ttl, requestTimeout, sessionTimeout)) {
      if (d.isNegative() || d.isZero()) {
        throw new IllegalArgumentException("durations must be positive: " + d);
      }
    }
    Objects.requireNonNull(resource, "resource");
  }

  /**
   * Returns the spec as program arguments for {@link ClientMain}.
   *
   * @return {@code key=value} strings; {@link #parse(List)} reads them back
   */
  public List<String> toArgs() {
    List<String> args = new ArrayList<>();
    args.add("backend=" + backend.name());
    args.add("endpoints=" + String.join(",", endpoints));
    args.add("ttlMs=" + ttl.toMillis());
    args.add("watchdog=" + watchdog);
    args.add("requestTimeoutMs=" + requestTimeout.toMillis());
    args.add("sessionTimeoutMs=" + sessionTimeout.toMillis());
    args.add("resource=" + resource);
    if (lock != null) {
      args.add("lock=" + lock);
    }
    if (!announced.isEmpty()) {
      args.add("announced=" + String.join(",", announced));
    }
    if (!sentinels.isEmpty()) {
      args.add("sentinels=" + String.join(",", sentinels));
    }
    return args;
  }

  /**
   * Reads a spec from {@code key=value} arguments; other keys are ignored.
   *
   * @param args the arguments written by {@link #toArgs()}
   * @return the spec
   * @throws IllegalArgumentException if a key is missing or a value is malformed
   */
  public static ClientSpec parse(List<String> args) {
    Map<String, String> m = new HashMap<>();
    for (String a : args) {
      int eq = a.indexOf('=');
      if (eq > 0) {
        m.put(a.substring(0, eq), a.substring(eq + 1));
      }
    }
    return new ClientSpec(
        Backend.valueOf(required(m, "backend")),
        List.of(required(m, "endpoints").split(",")),
        Duration.ofMillis(Long.parseLong(required(m, "ttlMs"))),
        Boolean.parseBoolean(required(m, "watchdog")),
        Duration.ofMillis(Long.parseLong(required(m, "requestTimeoutMs"))),
        Duration.ofMillis(Long.parseLong(required(m, "sessionTimeoutMs"))),
        required(m, "resource"),
        m.get("lock"),
        list(m.get("announced")),
        list(m.get("sentinels")));
  }

  private static List<String> list(String v) {
    return v == null || v.isEmpty() ? List.of() : List.of(v.split(","));
  }

  private static String required(Map<String, String> m, String key) {
    String v = m.get(key);
    if (v == null || v.isEmpty()) {
      throw new IllegalArgumentException("missing client argument " + key);
    }
    return v;
  }
}
