package dev.distlock.bench.locks;

import dev.distlock.DistributedLock;
import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.redis.RedisLocks;
import java.time.Duration;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
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
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;

/**
 * Acquire+release cycles on one redis-server started by the harness, side by side in one run:
 * distlock's single-Redis lock (watchdog, tokens and loss detection on), Redisson's {@code RLock}
 * in watchdog mode, and the bare two-round-trip floor on Jedis ({@link BareLock}). {@code
 * hot=true}: every thread on one key; otherwise a key per thread. Threads are set by the runner
 * ({@code -t}). The server is the runner's ({@code servers}, see {@link Targets}) or the trial's
 * own.
 */
@State(Scope.Benchmark)
public class SingleRedisBench {

  @Param({"distlock", "redisson", "bare"})
  public String impl;

  @Param({"false", "true"})
  public boolean hot;

  /** {@link Targets#OWN}, or the runner's server. */
  @Param({Targets.OWN})
  public String servers;

  Targets redis;
  LockClient distlock;
  RedissonClient redisson;
  JedisPool jedis;
  BareLock bare;

  @Setup(Level.Trial)
  public void start() {
    redis = Targets.redis(servers, 1);
    switch (impl) {
      case "distlock" -> distlock = RedisLocks.single(redis.nodes().get(0));
      case "redisson" -> {
        Config config = new Config();
        config.useSingleServer().setAddress(Targets.redisUri(redis.first()));
        redisson = Redisson.create(config);
      }
      case "bare" -> {
        JedisPoolConfig pc = new JedisPoolConfig();
        pc.setMaxTotal(32);
        jedis = new JedisPool(pc, redis.first().getHost(), redis.first().getPort(), 2000);
        try (Jedis j = jedis.getResource()) {
          bare = new BareLock(j);
        }
      }
      default -> throw new IllegalArgumentException(impl);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    if (distlock != null) {
      distlock.close();
    }
    if (redisson != null) {
      redisson.shutdown();
    }
    if (jedis != null) {
      jedis.close();
    }
    redis.close();
  }

  /** Per-thread handles: the key, and each implementation's lock object for it. */
  @State(Scope.Thread)
  public static class PerThread {
    String key;
    DistributedLock distlockLock;
    RLock redissonLock;
    HostAndPort counter;
    long cycles;

    @Setup(Level.Trial)
    public void setup(SingleRedisBench b, ThreadParams t) {
      counter = b.redis.first();
      key = b.hot ? "bench-hot" : "bench-" + t.getThreadIndex();
      if (b.distlock != null) {
        distlockLock = b.distlock.lock(key);
      }
      if (b.redisson != null) {
        redissonLock = b.redisson.getLock(key);
      }
    }

    @TearDown(Level.Trial)
    public void report() {
      PubSubCounters.addCycles(counter, cycles);
    }
  }

  @Benchmark
  public long cycle(PerThread t) {
    t.cycles++;
    switch (impl) {
      case "distlock" -> {
        try (Lease lease = t.distlockLock.acquire(Duration.ofSeconds(30))) {
          return lease.fencingToken();
        }
      }
      case "redisson" -> {
        t.redissonLock.lock(); // watchdog mode: no lease time
        t.redissonLock.unlock();
        return 1;
      }
      default -> {
        return bareCycle(t.key);
      }
    }
  }

  private long bareCycle(String key) {
    try (Jedis j = jedis.getResource()) {
      return bare.cycle(j, key);
    }
  }
}
