package dev.distlock.bench.locks;

import dev.distlock.cluster.RedisServer;
import dev.distlock.redis.RedisNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import redis.clients.jedis.HostAndPort;

/**
 * The redis-servers one benchmark trial runs against. {@link RatioTable} starts the servers once in
 * its own JVM and hands their addresses to every forked trial (the {@code servers} parameter,
 * {@code host:port,host:port,...}), so every implementation of a row is measured on the very same
 * servers; a benchmark run on its own ({@code servers = own}) starts and stops its own servers
 * through the fault-tests harness instead.
 */
final class Targets implements AutoCloseable {
  /** The {@code servers} parameter value that asks a trial to start its own servers. */
  static final String OWN = "own";

  private final List<RedisServer> owned;
  private final List<HostAndPort> endpoints;

  private Targets(List<RedisServer> owned, List<HostAndPort> endpoints) {
    this.owned = owned;
    this.endpoints = List.copyOf(endpoints);
  }

  /**
   * @param spec {@link #OWN} or a comma-separated list of {@code host:port}
   * @param count how many servers the benchmark needs; a longer list is cut, a shorter one rejected
   * @throws IllegalArgumentException if {@code spec} names fewer than {@code count} servers
   */
  static Targets redis(String spec, int count) {
    if (OWN.equals(spec)) {
      List<RedisServer> started = new ArrayList<>();
      try {
        for (int i = 0; i < count; i++) {
          started.add(RedisServer.start());
        }
      } catch (RuntimeException e) {
        started.forEach(RedisServer::close);
        throw e;
      }
      return new Targets(
          started, started.stream().map(s -> new HostAndPort(s.host(), s.port())).toList());
    }
    List<HostAndPort> given = Arrays.stream(spec.split(",")).map(HostAndPort::from).toList();
    if (given.size() < count) {
      throw new IllegalArgumentException(
          "need " + count + " redis-servers, the servers parameter names " + given.size());
    }
    return new Targets(List.of(), given.subList(0, count));
  }

  List<HostAndPort> endpoints() {
    return endpoints;
  }

  HostAndPort first() {
    return endpoints.get(0);
  }

  List<RedisNode> nodes() {
    return endpoints.stream().map(e -> RedisNode.of(e.getHost(), e.getPort())).toList();
  }

  static String redisUri(HostAndPort e) {
    return "redis://" + e.getHost() + ":" + e.getPort();
  }

  /** Stops the servers this trial started; servers it was given belong to the runner. */
  @Override
  public void close() {
    owned.forEach(RedisServer::close);
  }
}
