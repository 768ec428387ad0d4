package dev.distlock.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.distlock.Lease;
import dev.distlock.LockBackendException;
import dev.distlock.LockClient;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.Ports;
import dev.distlock.cluster.RedisServer;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import java.nio.file.Path;
import java.time.Duration;
import javax.net.ssl.SSLHandshakeException;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocketFactory;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Redis lock over TLS against a real redis-server with {@code --tls-port} (Debian's redis 7 is
 * built with TLS), certificates made at test time. The server keeps a plain port too, for the
 * harness's readiness probe only; the lock uses the TLS port.
 */
class RedisTlsIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  @TempDir static Path certs;
  private static TestCertificates good;
  private static TestCertificates other;
  private static int tlsPort;

  @BeforeAll
  static void startTlsServer() throws Exception {
    good = TestCertificates.create(certs.resolve("good"), "distlock-test");
    other = TestCertificates.create(certs.resolve("other"), "someone-else");
    tlsPort = Ports.free();
    RedisServer redis =
        cluster.redis(
            b ->
                b.option("--tls-port", Integer.toString(tlsPort))
                    .option("--tls-cert-file", good.serverCert.toString())
                    .option("--tls-key-file", good.serverKey.toString())
                    .option("--tls-ca-cert-file", good.caCert.toString())
                    .option("--tls-auth-clients", "no"));
    assertThat(redis.isAlive()).isTrue();
  }

  private static RedisNode node(SSLSocketFactory factory) {
    SSLParameters params = new SSLParameters();
    params.setEndpointIdentificationAlgorithm("HTTPS"); // checks the certificate's IP SAN
    return RedisNode.builder(Ports.LOOPBACK, tlsPort)
        .tls(factory, params, null)
        .requestTimeout(Duration.ofMillis(500))
        .connectTimeout(Duration.ofMillis(500))
        .build();
  }

  @Test
  void locksOverTlsWhenTheServerCertificateIsTrusted() throws Exception {
    try (LockClient locks = RedisLocks.single(node(good.trustingOnlyThisCa()))) {
      try (Lease lease = locks.lock("tls-ok").acquire(Duration.ofSeconds(5))) {
        assertThat(lease.fencingToken()).isPositive();
        assertThat(lease.isValid()).isTrue();
      }
    }
  }

  @Test
  void aServerCertificateFromAnotherCaIsATypedBackendErrorNeverAnAcquire() throws Exception {
    try (LockClient locks = RedisLocks.single(node(other.trustingOnlyThisCa()))) {
      assertThatThrownBy(() -> locks.lock("tls-bad").acquire(Duration.ofMillis(600)))
          .isInstanceOf(LockBackendException.class)
          .extracting(Throwable::getCause, InstanceOfAssertFactories.THROWABLE)
          .hasStackTraceContaining(SSLHandshakeException.class.getName());
    }
  }

  @Test
  void aPlainClientCannotTalkToTheTlsPort() {
    RedisNode plain =
        RedisNode.builder(Ports.LOOPBACK, tlsPort)
            .requestTimeout(Duration.ofMillis(300))
            .connectTimeout(Duration.ofMillis(300))
            .build();
    try (LockClient locks = RedisLocks.single(plain)) {
      assertThatThrownBy(() -> locks.lock("tls-plain").acquire(Duration.ofMillis(500)))
          .isInstanceOf(LockBackendException.class);
    }
  }
}
