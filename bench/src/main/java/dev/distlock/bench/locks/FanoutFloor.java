package dev.distlock.bench.locks;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPool;
import redis.clients.jedis.JedisPoolConfig;
import redis.clients.jedis.params.SetParams;

/**
 * The floor of any Redlock: two parallel rounds and nothing else. Acquire sends {@code SET NX PX}
 * to every node at once and waits for all replies; a majority of OKs wins. Release sends a
 * compare-and-delete script to every node at once and waits for all replies. No token, no clock
 * drift accounting, no watchdog. The requests run on a cached daemon pool, as distlock's own
 * fan-out does, so neither pays for a different threading model. Thread-safe.
 */
final class FanoutFloor implements AutoCloseable {
  private final List<JedisPool> pools = new ArrayList<>();
  private final List<String> releaseShas = new ArrayList<>();
  private final ExecutorService exec =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "fanout-floor");
            t.setDaemon(true);
            return t;
          });

  FanoutFloor(List<HostAndPort> nodes, int maxThreads) {
    for (HostAndPort n : nodes) {
      JedisPoolConfig pc = new JedisPoolConfig();
      pc.setMaxTotal(maxThreads * 2 + 2);
      JedisPool pool = new JedisPool(pc, n.getHost(), n.getPort(), 2000);
      pools.add(pool);
      try (Jedis j = pool.getResource()) {
        releaseShas.add(j.scriptLoad(BareLock.RELEASE));
      }
    }
  }

  /** Acquires {@code key} on a majority and releases it everywhere; returns the nodes won. */
  int cycle(String key) {
    String owner = UUID.randomUUID().toString();
    while (true) {
      List<CompletableFuture<Boolean>> sets = new ArrayList<>();
      for (JedisPool p : pools) {
        sets.add(CompletableFuture.supplyAsync(() -> set(p, key, owner), exec));
      }
      int won = 0;
      for (CompletableFuture<Boolean> s : sets) {
        won += s.join() ? 1 : 0;
      }
      List<CompletableFuture<Object>> dels = new ArrayList<>();
      for (int i = 0; i < pools.size(); i++) {
        JedisPool p = pools.get(i);
        String sha = releaseShas.get(i);
        dels.add(CompletableFuture.supplyAsync(() -> release(p, sha, key, owner), exec));
      }
      dels.forEach(CompletableFuture::join);
      if (won > pools.size() / 2) {
        return won;
      }
      LockSupport.parkNanos(TimeUnit.MICROSECONDS.toNanos(200)); // lost: poll
    }
  }

  private static boolean set(JedisPool p, String key, String owner) {
    try (Jedis j = p.getResource()) {
      return j.set(key, owner, SetParams.setParams().nx().px(30_000)) != null;
    }
  }

  private static Object release(JedisPool p, String sha, String key, String owner) {
    try (Jedis j = p.getResource()) {
      return j.evalsha(sha, List.of(key), List.of(owner));
    }
  }

  @Override
  public void close() {
    exec.shutdownNow();
    pools.forEach(JedisPool::close);
  }
}
