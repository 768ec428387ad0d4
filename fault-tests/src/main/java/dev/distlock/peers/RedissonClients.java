package dev.distlock.peers;

import dev.distlock.testbed.TestedLockFactory.Target;
import org.redisson.Redisson;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;

/**
 * Redisson clients for the deployment's endpoints: Redisson's defaults, except the request and
 * connect timeouts (the deployment's), one retry (the default four retries of 1.5 s would outlast
 * the driver's reply deadline and turn every partition into unknown outcomes), the watchdog timeout
 * (the deployment's TTL) and small pools and thread counts (the child JVM has a 64 MB heap). The
 * first connection is retried ({@link Startup}).
 */
final class RedissonClients {
  private RedissonClients() {}

  /**
   * Builds a client of one Redis server.
   *
   * @param target the deployment's timing
   * @param endpoint "host:port"
   * @return the started client
   */
  static RedissonClient of(Target target, String endpoint) {
    Config config = new Config();
    config.setThreads(2).setNettyThreads(4).setLockWatchdogTimeout(target.ttl().toMillis());
    int timeout = Math.toIntExact(target.requestTimeout().toMillis());
    config
        .useSingleServer()
        .setAddress("redis://" + endpoint)
        .setTimeout(timeout)
        .setConnectTimeout(timeout)
        .setRetryAttempts(1)
        .setConnectionMinimumIdleSize(1)
        .setConnectionPoolSize(4)
        .setSubscriptionConnectionMinimumIdleSize(1)
        .setSubscriptionConnectionPoolSize(2);
    return Startup.retry(endpoint, () -> Redisson.create(config));
  }
}
