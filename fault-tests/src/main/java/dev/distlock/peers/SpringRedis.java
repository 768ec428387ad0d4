package dev.distlock.peers;

import dev.distlock.testbed.TestedLockFactory.Target;
import java.time.Duration;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceClientConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

/**
 * A Spring Data Redis connection factory on Lettuce (Spring's default driver) for one endpoint,
 * without an application context: built, initialised and started by hand. Lettuce's defaults,
 * except the command timeout (the deployment's request timeout).
 */
final class SpringRedis {
  private SpringRedis() {}

  /**
   * Builds and starts a connection factory.
   *
   * @param target the deployment's timing
   * @param endpoint "host:port"
   * @return the started factory; {@code destroy()} closes it
   */
  static LettuceConnectionFactory connect(Target target, String endpoint) {
    int colon = endpoint.lastIndexOf(':');
    RedisStandaloneConfiguration server =
        new RedisStandaloneConfiguration(
            endpoint.substring(0, colon), Integer.parseInt(endpoint.substring(colon + 1)));
    LettuceConnectionFactory f =
        new LettuceConnectionFactory(
            server,
            LettuceClientConfiguration.builder().commandTimeout(target.requestTimeout()).build());
    f.afterPropertiesSet();
    f.start();
    warmUp(f, endpoint);
    return f;
  }

  /**
   * Connects before the first lock command, as Redisson and distlock's clients do when they are
   * built: Lettuce connects lazily, with the command timeout as its connect timeout, which a loaded
   * machine can miss once. Tries for at most 10 s.
   */
  private static void warmUp(LettuceConnectionFactory f, String endpoint) {
    long end = System.nanoTime() + Duration.ofSeconds(10).toNanos();
    while (true) {
      try (RedisConnection c = f.getConnection()) {
        c.ping();
        return;
      } catch (RuntimeException e) {
        if (System.nanoTime() - end > 0) {
          f.destroy();
          throw new IllegalStateException("could not connect to " + endpoint, e);
        }
        pause();
      }
    }
  }

  /** Between connection attempts: a refused connection fails at once. */
  private static void pause() {
    try {
      Thread.sleep(50);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while connecting", e);
    }
  }
}
