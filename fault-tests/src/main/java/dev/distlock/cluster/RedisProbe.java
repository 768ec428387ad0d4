package dev.distlock.cluster;

import java.time.Duration;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.exceptions.JedisDataException;

/** Readiness of a redis-server: it answers PING (or refuses it for want of credentials). */
final class RedisProbe {
  private RedisProbe() {}

  static void awaitReady(RedisServer server, ManagedProcess process, Duration timeout) {
    Deadline.await(
        server + " to answer PING",
        timeout,
        () -> {
          if (!process.isAlive()) {
            throw new HarnessException(
                server
                    + " exited with code "
                    + process.exitCode().orElse(-1)
                    + " during start; log "
                    + process.logFile()
                    + ":\n"
                    + process.logTail(20));
          }
          return answers(server);
        },
        () -> "log " + process.logFile() + ":\n" + process.logTail(20));
  }

  private static boolean answers(RedisServer server) {
    try (Jedis jedis = server.client(Duration.ofSeconds(1))) {
      return "PONG".equals(jedis.ping());
    } catch (JedisDataException e) {
      // An ACL setup may refuse the harness's credentials; the server is up all the same.
      String m = String.valueOf(e.getMessage());
      return m.startsWith("NOAUTH") || m.startsWith("WRONGPASS") || m.startsWith("NOPERM");
    }
  }
}
