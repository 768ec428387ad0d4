package dev.distlock.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/** The child's probes see leaked threads and open connections in this very JVM. */
class ProbesTest {
  @Test
  void aThreadStartedAfterTheBaselineShowsUpUntilItEnds() throws Exception {
    Map<Long, String> baseline = Probes.threads();
    CountDownLatch stop = new CountDownLatch(1);
    Thread leaked =
        new Thread(
            () -> {
              try {
                stop.await();
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            },
            "deliberately-leaked");
    leaked.start();
    try {
      assertThat(Probes.threads()).containsValue("deliberately-leaked");
      assertThat(Probes.threads().size()).isGreaterThan(baseline.size());
    } finally {
      stop.countDown();
      leaked.join(5_000);
    }
    assertThat(Probes.threads()).doesNotContainValue("deliberately-leaked");
  }

  @Test
  void countsOpenConnectionsToTheGivenPorts() throws IOException {
    try (ServerSocket server = new ServerSocket(0, 5, InetAddress.getLoopbackAddress())) {
      int port = server.getLocalPort();
      assertThat(Probes.connections(Set.of(port))).isZero();
      try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
          Socket accepted = server.accept()) {
        assertThat(Probes.connections(Set.of(port))).isEqualTo(1);
      }
      assertThat(Probes.connections(Set.of(port))).isZero();
    }
  }

  @Test
  void findsNoBackendCallWhenNoneIsUnderWay() {
    assertThat(Probes.inflight()).containsEntry("acquire", 0).containsEntry("renew", 0);
  }

  @Test
  void theLeakCheckFindsTheLockServersPortInHostPortsAndJdbcUrls() {
    assertThat(ClientSession.port("127.0.0.1:6379")).isEqualTo(6379);
    assertThat(ClientSession.port("jdbc:postgresql://127.0.0.1:5432/locks?sslmode=disable"))
        .isEqualTo(5432);
    assertThat(ClientSession.port("jdbc:mariadb://localhost:3306/locks")).isEqualTo(3306);
  }
}
