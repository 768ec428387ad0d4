package dev.distlock.cluster;

/**
 * Where one ZooKeeper ensemble member reaches another's quorum and leader-election ports: the
 * member's real ports, or the ports of proxies in front of them.
 *
 * @param host the host
 * @param quorumPort the port followers use to talk to the leader
 * @param electionPort the port for leader election
 */
public record PeerAddress(String host, int quorumPort, int electionPort) {
  /**
   * Checks the ports.
   *
   * @throws IllegalArgumentException if a port is out of range
   */
  public PeerAddress {
    if (quorumPort <= 0 || quorumPort > 65535 || electionPort <= 0 || electionPort > 65535) {
      throw new IllegalArgumentException("ports out of range: " + quorumPort + ", " + electionPort);
    }
  }
}
