package dev.distlock.bench.locks;

import dev.distlock.DistributedLock;
import dev.distlock.Lease;
import dev.distlock.LockClient;
import dev.distlock.cluster.ZooKeeperServer;
import dev.distlock.zookeeper.ZooKeeperLocks;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.CuratorFrameworkFactory;
import org.apache.curator.framework.recipes.locks.InterProcessMutex;
import org.apache.curator.retry.ExponentialBackoffRetry;
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
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

/**
 * Acquire+release latency of distlock's ZooKeeper lock against Curator's own {@code
 * InterProcessMutex} on the same server (a standalone ZooKeeper started by the harness). Both
 * create a protected ephemeral-sequential node, list the children and delete the node; the goal is
 * within 10%. Each thread locks its own path. {@link #main} runs both and prints the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ZooKeeperBench {

  @Param({"curator", "distlock"})
  public String impl;

  ZooKeeperServer zk;
  CuratorFramework curator;
  LockClient locks;

  @Setup(Level.Trial)
  public void start() {
    zk = ZooKeeperServer.start();
    curator =
        CuratorFrameworkFactory.newClient(zk.connectString(), new ExponentialBackoffRetry(100, 3));
    curator.start();
    locks = ZooKeeperLocks.create(curator, "/bench-distlock");
  }

  @TearDown(Level.Trial)
  public void stop() {
    locks.close();
    curator.close();
    zk.close();
  }

  /** The calling thread's lock, in both shapes. */
  @State(Scope.Thread)
  public static class PerThread {
    DistributedLock distlock;
    InterProcessMutex mutex;

    @Setup(Level.Trial)
    public void setup(ZooKeeperBench b, ThreadParams t) {
      String key = "bench-" + t.getThreadIndex();
      distlock = b.locks.lock(key);
      mutex = new InterProcessMutex(b.curator, "/bench-curator/" + key);
    }
  }

  @Benchmark
  public long cycle(PerThread t) throws Exception {
    if (impl.equals("distlock")) {
      try (Lease lease = t.distlock.acquire(Duration.ofSeconds(30))) {
        return lease.fencingToken();
      }
    }
    if (!t.mutex.acquire(30, TimeUnit.SECONDS)) {
      throw new IllegalStateException("Curator lock not acquired in 30 s");
    }
    t.mutex.release();
    return 1;
  }

  /**
   * Runs both variants and prints mean latency and the distlock/Curator ratio. Arguments: {@code
   * [warmupSeconds] [measureSeconds] [iterations] [threads]} (defaults 3 3 3 1).
   */
  public static void main(String[] args) throws RunnerException {
    int warm = args.length > 0 ? Integer.parseInt(args[0]) : 3;
    int measure = args.length > 1 ? Integer.parseInt(args[1]) : 3;
    int iterations = args.length > 2 ? Integer.parseInt(args[2]) : 3;
    int threads = args.length > 3 ? Integer.parseInt(args[3]) : 1;
    double curatorUs = 0;
    for (String impl : new String[] {"curator", "distlock"}) {
      RunResult r =
          new Runner(
                  new OptionsBuilder()
                      .include(ZooKeeperBench.class.getName() + ".cycle")
                      .param("impl", impl)
                      .threads(threads)
                      .forks(1)
                      .jvmArgs("-Xmx256m")
                      .warmupIterations(2)
                      .warmupTime(TimeValue.seconds(warm))
                      .measurementIterations(iterations)
                      .measurementTime(TimeValue.seconds(measure))
                      .build())
              .run()
              .iterator()
              .next();
      double us = r.getPrimaryResult().getScore();
      System.out.printf(
          "%-8s %8.1f us/cycle (± %.1f)%s%n",
          impl,
          us,
          r.getPrimaryResult().getScoreError(),
          impl.equals("distlock")
              ? String.format("  distlock/curator = %.2fx", us / curatorUs)
              : "");
      curatorUs = impl.equals("curator") ? us : curatorUs;
    }
  }
}
