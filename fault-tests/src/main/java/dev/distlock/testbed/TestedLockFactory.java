package dev.distlock.testbed;

import dev.distlock.workload.LockKind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * Adapts one lock library to the test bed. An implementation has a public no-argument constructor
 * and is listed in {@code META-INF/services/dev.distlock.testbed.TestedLockFactory}; the driving
 * JVM reads its description ({@link #name()}, {@link #deployments()}, {@link #fencing()}, {@link
 * #model()}) and each child client JVM calls {@link #open(Target)}.
 *
 * <p>The matrix's expectations for a plugged-in lock come from the TLA+ spec of the distlock lock
 * on the same deployment (the single-Redis spec for {@link LockKind#SINGLE}, Redlock's for {@link
 * LockKind#REDLOCK}, …) when {@link #model()} says the library implements that algorithm, and from
 * the lock's own claim (mutual exclusion holds) when it is {@link #UNMODELLED}: then every
 * violation stands as a finding.
 */
public interface TestedLockFactory {
  /** What {@link #model()} returns for an algorithm no spec of this repository models. */
  String UNMODELLED = "unmodelled";

  /**
   * Returns the lock's name in options and reports, e.g. {@code redisson-rlock}: lower case, digits
   * and dashes.
   *
   * @return the name
   */
  String name();

  /**
   * Returns the deployments the lock runs on: {@link LockKind#SINGLE} and {@link
   * LockKind#SINGLE_REPLICA} for a single-Redis lock, {@link LockKind#REDLOCK} for five independent
   * Redis masters, {@link LockKind#ZOOKEEPER} for one ZooKeeper server.
   *
   * @return the deployments, at least one
   */
  Set<LockKind> deployments();

  /**
   * Says whether every acquisition carries a fencing token; only then does the lock get guarded
   * rows.
   *
   * @return true if {@link TestedLock.Held#token()} is always present
   */
  boolean fencing();

  /**
   * Names the algorithm's model: the TLA+ spec (and how the library differs from distlock's use of
   * it), e.g. {@code "SingleRedis without token"}, or {@link #UNMODELLED}.
   *
   * @return the model, for expectations and reports
   */
  String model();

  /**
   * Builds the library's client in a child JVM.
   *
   * @param target what to connect to and the deployment's timing
   * @return the open lock
   * @throws Exception when the client cannot be built (the child then reports an error)
   */
  TestedLock open(Target target) throws Exception;

  /**
   * What a child client connects to, and the deployment's timing, which an adapter maps onto the
   * library's settings (so that peers and distlock's locks run under the same TTL and timeouts).
   *
   * @param endpoints "host:port" of every lock server as this client reaches it (its own Toxiproxy
   *     links, so a partition can cut one client off one node), in node order
   * @param ttl the lease time of Redis locks (ShedLock's lockAtMostFor, Spring's expireAfter, …)
   * @param watchdog whether the library's own renewal should be on, where it has one
   * @param requestTimeout the per-request (and connect) timeout to a server
   * @param sessionTimeout the ZooKeeper session timeout
   */
  record Target(
      List<String> endpoints,
      Duration ttl,
      boolean watchdog,
      Duration requestTimeout,
      Duration sessionTimeout) {
    /** Copies and checks the values. */
    public Target {
      endpoints = List.copyOf(endpoints);
      Objects.requireNonNull(ttl, "ttl");
      Objects.requireNonNull(requestTimeout, "requestTimeout");
      Objects.requireNonNull(sessionTimeout, "sessionTimeout");
      if (endpoints.isEmpty()) {
        throw new IllegalArgumentException("no endpoint");
      }
    }
  }
}
