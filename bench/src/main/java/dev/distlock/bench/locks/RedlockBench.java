package dev.distlock.bench.locks;

import dev.distlock.DistributedLock;
import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.cluster.RedisServer;
import dev.distlock.redis.RedisLocks;
import dev.distlock.redis.RedisNode;
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

/**
 * Acquire+release latency of Redlock over five redis-servers against the single-Redis lock on one
 * of them, in the same run. Redlock pays three rounds (read the fence counters of a majority, the
 * acquire script, the release) fanned out in parallel; the goal is under twice the single-node
 * latency. Each thread locks its own key. {@link #main} runs both and prints the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class RedlockBench {

  @Param({"single", "redlock"})
  public String impl;

  List<RedisServer> servers;
  LockClient locks;

  @Setup(Level.Trial)
  public void start() {
    servers = new ArrayList<>();
    int n = impl.equals("redlock") ? 5 : 1;
    for (int i = 0; i < n; i++) {
      servers.add(RedisServer.start());
    }
    List<RedisNode> nodes = servers.stream().map(s -> RedisNode.of(s.host(), s.port())).toList();
    locks = impl.equals("redlock") ? RedisLocks.redlock(nodes) : RedisLocks.single(nodes.get(0));
  }

  @TearDown(Level.Trial)
  public void stop() {
    locks.close();
    servers.forEach(RedisServer::close);
  }

  /** The calling thread's lock. */
  @State(Scope.Thread)
  public static class PerThread {
    DistributedLock lock;

    @Setup(Level.Trial)
    public void setup(RedlockBench b, ThreadParams t) {
      lock = b.locks.lock("bench-" + t.getThreadIndex());
    }
  }

  @Benchmark
  public long cycle(PerThread t) {
    try (Lease lease = t.lock.acquire(Duration.ofSeconds(30))) {
      return lease.fencingToken();
    }
  }

  /**
   * Runs both variants (1 thread) and prints mean latency and the Redlock/single ratio. Arguments:
   * {@code [warmupSeconds] [measureSeconds] [iterations] [threads]} (defaults 3 3 3 1).
   */
  public static void main(String[] args) throws RunnerException {
    PeerComparison.compare(RedlockBench.class, "single", "redlock", args);
  }
}
