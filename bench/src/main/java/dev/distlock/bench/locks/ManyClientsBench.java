package dev.distlock.bench.locks;

import dev.distlock.DistributedLock;
import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.redis.RedisLocks;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.ThreadParams;
import org.redisson.Redisson;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;

/**
 * Many clients on one redis-server: every benchmark thread has its OWN client (a distlock {@code
 * LockClient}, a Redisson client, or one Jedis connection for the {@link BareLock} floor), as if
 * each were a separate process with one worker. With {@code hot=false} each locks its own key, so
 * nobody ever waits and release notifications should reach nobody; {@code hot=true} puts every
 * client on one key, where every release has waiters. {@link RatioTable} runs it with 16 threads
 * and counts the server's pub/sub commands per release to show notification traffic follows
 * waiters, not clients.
 *
 * <p>Redisson clients are trimmed to what one worker needs (2 threads, 2 netty threads, a pool of 2
 * connections) so that 16 of them fit on a small machine; its defaults open 24+ connections and 48
 * threads per client.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(java.util.concurrent.TimeUnit.SECONDS)
public class ManyClientsBench {

  @Param({"distlock", "redisson", "bare"})
  public String impl;

  @Param({"false", "true"})
  public boolean hot;

  /** {@link Targets#OWN}, or the runner's server. */
  @Param({Targets.OWN})
  public String servers;

  Targets redis;

  @Setup(Level.Trial)
  public void start() {
    redis = Targets.redis(servers, 1);
  }

  @TearDown(Level.Trial)
  public void stop() {
    redis.close();
  }

  /** One client per thread, as one process with one worker would have. */
  @State(Scope.Thread)
  public static class Client {
    String key;
    LockClient distlock;
    DistributedLock lock;
    RedissonClient redisson;
    RLock rlock;
    Jedis jedis;
    BareLock bare;
    HostAndPort counter;
    long cycles;

    @Setup(Level.Trial)
    public void open(ManyClientsBench b, ThreadParams t) {
      counter = b.redis.first();
      key = b.hot ? "bench-many-hot" : "bench-many-" + t.getThreadIndex();
      switch (b.impl) {
        case "distlock" -> {
          distlock = RedisLocks.single(b.redis.nodes().get(0));
          lock = distlock.lock(key);
        }
        case "redisson" -> {
          Config config = new Config().setThreads(2).setNettyThreads(2);
          config
              .useSingleServer()
              .setAddress(Targets.redisUri(b.redis.first()))
              .setConnectionMinimumIdleSize(1)
              .setConnectionPoolSize(2);
          redisson = Redisson.create(config);
          rlock = redisson.getLock(key);
        }
        case "bare" -> {
          jedis = new Jedis(b.redis.first());
          bare = new BareLock(jedis);
        }
        default -> throw new IllegalArgumentException(b.impl);
      }
    }

    @TearDown(Level.Trial)
    public void close() {
      PubSubCounters.addCycles(counter, cycles);
      if (distlock != null) {
        distlock.close();
      }
      if (redisson != null) {
        redisson.shutdown();
      }
      if (jedis != null) {
        jedis.close();
      }
    }
  }

  @Benchmark
  public long cycle(Client c) {
    c.cycles++;
    switch (impl) {
      case "distlock" -> {
        try (Lease lease = c.lock.acquire(Duration.ofSeconds(30))) {
          return lease.fencingToken();
        }
      }
      case "redisson" -> {
        c.rlock.lock(); // watchdog mode: no lease time
        c.rlock.unlock();
        return 1;
      }
      default -> {
        return c.bare.cycle(c.jedis, c.key);
      }
    }
  }
}
