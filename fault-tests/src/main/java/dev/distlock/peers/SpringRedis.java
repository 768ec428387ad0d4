package dev.distlock.peers;

import dev.distlock.testbed.TestedLockFactory.Target;
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
    // Lettuce connects lazily; connect now, as Redisson and distlock's clients do when built.
    try {
      Startup.retry(
          endpoint,
          () -> {
            try (RedisConnection c = f.getConnection()) {
              return c.ping();
            }
          });
    } catch (RuntimeException e) {
      f.destroy();
      throw e;
    }
    return f;
  }
}
