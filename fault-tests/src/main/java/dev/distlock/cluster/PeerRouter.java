package dev.distlock.cluster;

/**
 * Decides, for each ordered pair of ensemble members, which address the first uses for the second's
 * quorum and election ports — the hook that lets a fault test put Toxiproxy proxies between
 * ZooKeeper servers (node↔node partitions).
 *
 * <p>Called while the ensemble starts, after every member's real ports are chosen and before any
 * member runs, once per ordered pair ({@code from != to}); the answer goes into {@code from}'s
 * configuration and stays for restarts. A router may create proxies to {@code real} and return
 * their ports. ZooKeeper keeps one connection per pair, opened by the member with the larger id, so
 * the route of the larger id to the smaller one carries most of the pair's traffic.
 */
@FunctionalInterface
public interface PeerRouter {
  /** Every member reaches every other one directly. */
  PeerRouter DIRECT = (from, to, real) -> real;

  /**
   * Returns the address member {@code from} uses to reach member {@code to}.
   *
   * @param from the ZooKeeper server id (myid, 1-based) of the member whose config is written
   * @param to the server id of the member it reaches
   * @param real the real address of {@code to}
   * @return the address to write into {@code from}'s configuration
   */
  PeerAddress route(int from, int to, PeerAddress real);
}
