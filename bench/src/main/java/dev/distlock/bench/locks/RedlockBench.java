package dev.distlock.bench.locks;

import dev.distlock.DistributedLock;
import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.redis.RedisLocks;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.openjdk.jmh.runner.RunnerException;
import org.redisson.Redisson;
import org.redisson.RedissonRedLock;
import org.redisson.api.RLock;
import org.redisson.api.RedissonClient;
import org.redisson.config.Config;
import redis.clients.jedis.HostAndPort;

/**
 * Acquire+release cycles over five redis-servers: distlock's Redlock (quorum token, watchdog),
 * Redisson's {@code RedissonRedLock} over one Redisson client per server (watchdog mode), and the
 * bare parallel fan-out floor ({@link FanoutFloor}). Each thread locks its own key; threads are set
 * by the runner. {@link RatioTable} runs all three on the same servers in one run; {@link #main}
 * compares distlock with Redisson only.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class RedlockBench {
  static final int NODES = 5;

  @Param({"distlock", "redisson", "fanout"})
  public String impl;

  /** {@link Targets#OWN}, or the runner's servers. */
  @Param({Targets.OWN})
  public String servers;

  Targets targets;
  LockClient distlock;
  List<RedissonClient> redisson;
  FanoutFloor floor;

  @Setup(Level.Trial)
  public void start() {
    targets = Targets.redis(servers, NODES);
    switch (impl) {
      case "distlock" -> distlock = RedisLocks.redlock(targets.nodes());
      case "redisson" -> {
        redisson = new ArrayList<>();
        targets
            .endpoints()
            .forEach(
                e -> {
                  Config config = new Config();
                  config.useSingleServer().setAddress(Targets.redisUri(e));
                  redisson.add(Redisson.create(config));
                });
      }
      case "fanout" -> floor = new FanoutFloor(targets.endpoints(), 16);
      default -> throw new IllegalArgumentException(impl);
    }
  }

  @TearDown(Level.Trial)
  public void stop() {
    if (distlock != null) {
      distlock.close();
    }
    if (redisson != null) {
      redisson.forEach(RedissonClient::shutdown);
    }
    if (floor != null) {
      floor.close();
    }
    targets.close();
  }

  /** The calling thread's key and lock objects. */
  @State(Scope.Thread)
  public static class PerThread {
    String key;
    DistributedLock lock;
    RedissonRedLock redLock;
    HostAndPort counter;
    long cycles;

    @Setup(Level.Trial)
    public void setup(RedlockBench b, ThreadParams t) {
      counter = b.targets.first();
      key = "bench-redlock-" + t.getThreadIndex();
      if (b.distlock != null) {
        lock = b.distlock.lock(key);
      }
      if (b.redisson != null) {
        redLock =
            new RedissonRedLock(b.redisson.stream().map(c -> c.getLock(key)).toArray(RLock[]::new));
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
        try (Lease lease = t.lock.acquire(Duration.ofSeconds(30))) {
          return lease.fencingToken();
        }
      }
      case "redisson" -> {
        t.redLock.lock(); // watchdog mode: no lease time
        t.redLock.unlock();
        return 1;
      }
      default -> {
        return floor.cycle(t.key);
      }
    }
  }

  /**
   * Runs Redisson then distlock and prints mean latency and the ratio. Arguments: {@code
   * [warmupSeconds] [measureSeconds] [iterations] [threads]} (defaults 3 3 3 1). The floor is in
   * {@code scripts/bench.sh all}.
   */
  public static void main(String[] args) throws RunnerException {
    PeerComparison.compare(RedlockBench.class, "redisson", "distlock", args);
  }
}
