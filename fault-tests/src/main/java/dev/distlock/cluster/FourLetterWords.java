package dev.distlock.cluster;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** ZooKeeper's four-letter-word commands over a plain socket (the config whitelists them). */
final class FourLetterWords {
  private FourLetterWords() {}

  /** Sends {@code word} and returns the whole answer; throws IOException if unreachable. */
  static String send(String host, int port, String word, Duration timeout) throws IOException {
    try (Socket s = new Socket()) {
      int ms = Math.toIntExact(timeout.toMillis());
      s.connect(new InetSocketAddress(host, port), ms);
      s.setSoTimeout(ms);
      OutputStream out = s.getOutputStream();
      out.write(word.getBytes(StandardCharsets.US_ASCII));
      out.flush();
      InputStream in = s.getInputStream();
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    }
  }

  /** The "Mode:" line of srvr (standalone, leader, follower), or null when not serving. */
  static String mode(String host, int port, Duration timeout) throws IOException {
    String answer = send(host, port, "srvr", timeout);
    for (String line : answer.split("\n")) {
      if (line.startsWith("Mode: ")) {
        return line.substring("Mode: ".length()).trim();
      }
    }
    return null;
  }
}
