package dev.distlock.bench.locks;

import dev.distlock.DistributedLock;
import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.cluster.RedisServer;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
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
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.params.SetParams;

/**
 * Acquire+release cycles on one redis-server started by the harness, side by side in one run:
 * distlock's single-Redis lock (watchdog, tokens and loss detection on), Redisson's {@code RLock}
 * in watchdog mode, and a bare lock on Jedis ({@code SET NX PX}, then a compare-and-delete script:
 * the two round trips any Redis lock pays). {@code hot=true}: every thread on one key; otherwise a
 * key per thread. Threads are set by the runner ({@code -t}).
 */
@State(Scope.Benchmark)
public class SingleRedisBench {

  @Param({"distlock", "redisson", "bare"})
  public String impl;

  @Param({"false", "true"})
  public boolean hot;

  RedisServer redis;
  LockClient distlock;
  RedissonClient redisson;
  JedisPool jedis;
  String releaseSha;

  static final String RELEASE =
      "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) end return 0";

  @Setup(Level.Trial)
  public void start() {
    redis = RedisServer.start();
    switch (impl) {
      case "distlock" -> distlock = RedisLocks.single(RedisNode.of(redis.host(), redis.port()));
      case "redisson" -> {
        Config config = new Config();
        config.useSingleServer().setAddress("redis://" + redis.host() + ":" + redis.port());
        redisson = Redisson.create(config);
      }
      case "bare" -> {
        JedisPoolConfig pc = new JedisPoolConfig();
        pc.setMaxTotal(32);
        jedis = new JedisPool(pc, redis.host(), redis.port(), 2000);
        try (Jedis j = jedis.getResource()) {
          releaseSha = j.scriptLoad(RELEASE);
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

    @Setup(Level.Trial)
    public void setup(SingleRedisBench b, ThreadParams t) {
      key = b.hot ? "bench-hot" : "bench-" + t.getThreadIndex();
      if (b.distlock != null) {
        distlockLock = b.distlock.lock(key);
      }
      if (b.redisson != null) {
        redissonLock = b.redisson.getLock(key);
      }
    }
  }

  @Benchmark
  public long cycle(PerThread t) {
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
    String owner = UUID.randomUUID().toString();
    try (Jedis j = jedis.getResource()) {
      while (j.set(key, owner, SetParams.setParams().nx().px(30_000)) == null) {
        LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // hot key: poll
      }
      return (Long) j.evalsha(releaseSha, List.of(key), List.of(owner));
    }
  }
}
