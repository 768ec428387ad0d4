package dev.distlock.cluster;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM for {@link ShutdownHookIT}: starts a redis-server, prints its pid, never closes it,
 * and waits until the test ends the JVM (or 60 s pass).
 */
public final class OrphanMain {
  private OrphanMain() {}

  /**
   * Runs the orphan scenario.
   *
   * @param args one argument: the log directory
   * @throws InterruptedException never in practice
   */
  public static void main(String[] args) throws InterruptedException {
    RedisServer redis = RedisServer.builder().logDir(Path.of(args[0])).start();
    System.out.println("redis-dir=" + redis.dataDir());
    System.out.println("redis-pid=" + redis.pid());
    System.out.flush();
    if (args.length > 1 && args[1].equals("exit")) {
      System.exit(0);
    }
    new CountDownLatch(1).await(60, TimeUnit.SECONDS);
  }
}
