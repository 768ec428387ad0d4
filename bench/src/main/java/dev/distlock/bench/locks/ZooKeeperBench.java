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
import org.openjdk.jmh.runner.RunnerException;

/**
 * Acquire+release latency of distlock's ZooKeeper lock against Curator's own {@code
 * InterProcessMutex} on the same server (a standalone ZooKeeper started by the harness). Both
 * create a protected ephemeral-sequential node, list the children and delete the node; the goal is
 * within 10%. Each thread locks its own path. The server is the runner's ({@code servers}: a
 * connect string, see {@link RatioTable}) or the trial's own. {@link #main} runs both and prints
 * the ratio.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class ZooKeeperBench {

  @Param({"curator", "distlock"})
  public String impl;

  /** {@link Targets#OWN}, or the runner's server's connect string. */
  @Param({Targets.OWN})
  public String servers;

  ZooKeeperServer zk; // null when the runner's
  CuratorFramework curator;
  LockClient locks;

  @Setup(Level.Trial)
  public void start() {
    String connect = servers;
    if (Targets.OWN.equals(servers)) {
      zk = ZooKeeperServer.start();
      connect = zk.connectString();
    }
    curator = CuratorFrameworkFactory.newClient(connect, new ExponentialBackoffRetry(100, 3));
    curator.start();
    locks = ZooKeeperLocks.create(curator, "/bench-distlock");
  }

  @TearDown(Level.Trial)
  public void stop() {
    locks.close();
    curator.close();
    if (zk != null) {
      zk.close();
    }
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
    PeerComparison.compare(ZooKeeperBench.class, "curator", "distlock", args);
  }
}
