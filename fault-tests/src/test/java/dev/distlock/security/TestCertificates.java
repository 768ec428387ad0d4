package dev.distlock.security;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throw-away certificate authority and a server certificate for 127.0.0.1, made with openssl at
 * test time (nothing secret is committed), and a client socket factory that trusts one CA only.
 */
final class TestCertificates {
  final Path dir;
  final Path caCert;
  final Path serverCert;
  final Path serverKey;

  private TestCertificates(Path dir) {
    this.dir = dir;
    this.caCert = dir.resolve("ca.crt");
    this.serverCert = dir.resolve("server.crt");
    this.serverKey = dir.resolve("server.key");
  }

  /** A CA named {@code name} in {@code dir}, and a server certificate it signed for 127.0.0.1. */
  static TestCertificates create(Path dir, String name) throws IOException, InterruptedException {
    TestCertificates c = new TestCertificates(dir);
    Files.createDirectories(dir);
    Path caKey = dir.resolve("ca.key");
    Path csr = dir.resolve("server.csr");
    Path ext = dir.resolve("san.ext");
    Files.writeString(ext, "subjectAltName=IP:127.0.0.1\n");
    openssl(
        dir,
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "2",
        "-subj",
        "/CN=" + name + " CA",
        "-keyout",
        caKey.toString(),
        "-out",
        c.caCert.toString());
    openssl(
        dir,
        "req",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-subj",
        "/CN=127.0.0.1",
        "-keyout",
        c.serverKey.toString(),
        "-out",
        csr.toString());
    openssl(
        dir,
        "x509",
        "-req",
        "-in",
        csr.toString(),
        "-CA",
        c.caCert.toString(),
        "-CAkey",
        caKey.toString(),
        "-CAcreateserial",
        "-days",
        "2",
        "-extfile",
        ext.toString(),
        "-out",
        c.serverCert.toString());
    return c;
  }

  /** A socket factory that trusts exactly this CA. */
  SSLSocketFactory trustingOnlyThisCa() throws IOException, GeneralSecurityException {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    try (InputStream in = Files.newInputStream(caCert)) {
      trust.setCertificateEntry(
          "ca", CertificateFactory.getInstance("X.509").generateCertificate(in));
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, tmf.getTrustManagers(), null);
    return ctx.getSocketFactory();
  }

  private static void openssl(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new java.util.ArrayList<>();
    cmd.add("openssl");
    cmd.addAll(List.of(args));
    Process p =
        new ProcessBuilder(cmd)
            .directory(dir.toFile())
            .redirectErrorStream(true)
            .redirectOutput(dir.resolve("openssl.log").toFile())
            .start();
    if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
      p.destroyForcibly();
      throw new IOException("openssl " + args[0] + " failed; see " + dir.resolve("openssl.log"));
    }
  }
}
