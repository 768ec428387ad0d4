package dev.distlock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * The membership of a dual-write group, as one client sees it: the <em>available queue</em> (nodes
 * every write goes to, in order; the first serves reads) and the <em>retry queue</em> (nodes that
 * failed). A node moves to the retry queue when a request to it fails or times out; the prober
 * (active query) pings the retry queue and moves a node that answers back to the tail of the
 * available queue. A client that moves a node out announces it on the other nodes' {@code
 * <prefix>nodes} channel (active notification), and every client that hears it moves the node out
 * too, until its own prober finds it answering.
 *
 * <p>Nodes are announced by their position in the group, so every client of a group must list the
 * nodes in the same order (addresses may differ, e.g. through proxies). Thread-safe.
 */
final class DualWriteGroup implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(DualWriteGroup.class);

  private final List<RedisNodeClient> nodes;
  private final String channel;
  private final List<RedisNodeClient> available = new ArrayList<>(); // guarded by this
  private final List<RedisNodeClient> retry = new ArrayList<>(); // guarded by this
  private final ScheduledExecutorService prober;
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<Thread> listeners = new ArrayList<>();
  private final List<Jedis> listenerConnections = new ArrayList<>(); // guarded by this

  DualWriteGroup(List<RedisNodeClient> nodes, KeySpace keys, Duration probeInterval) {
    this.nodes = List.copyOf(nodes);
    this.channel = keys.prefix() + "nodes";
    available.addAll(this.nodes);
    this.prober =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "distlock-dual-write-prober");
              t.setDaemon(true);
              return t;
            });
    long every = probeInterval.toNanos();
    prober.scheduleWithFixedDelay(this::probe, every, every, TimeUnit.NANOSECONDS);
    for (RedisNodeClient node : this.nodes) {
      Thread t = new Thread(() -> listen(node), "distlock-dual-write-notify-" + node.node().port());
      t.setDaemon(true);
      listeners.add(t);
      t.start();
    }
  }

  /** A snapshot of the available queue, in order. */
  synchronized List<RedisNodeClient> available() {
    return List.copyOf(available);
  }

  /** A snapshot of the retry queue. */
  synchronized List<RedisNodeClient> retrying() {
    return List.copyOf(retry);
  }

  /** Moves {@code node} to the retry queue (if it is not there) and tells the other clients. */
  void failed(RedisNodeClient node) {
    if (moveOut(node)) {
      log.warn("dual-write: {} moved to the retry queue", node);
      announce(node);
    }
  }

  private synchronized boolean moveOut(RedisNodeClient node) {
    if (!available.remove(node)) {
      return false;
    }
    retry.add(node);
    return true;
  }

  private void announce(RedisNodeClient down) {
    String message = Integer.toString(nodes.indexOf(down));
    for (RedisNodeClient other : available()) {
      try {
        other.publish(channel, message);
      } catch (RuntimeException e) {
        // The next request to it will move it out as well.
        log.debug("dual-write: announce on {} failed: {}", other, e.toString());
      }
    }
  }

  /** Active query: ping every node in the retry queue, move back the ones that answer. */
  void probe() {
    for (RedisNodeClient node : retrying()) {
      try {
        node.ping();
      } catch (RuntimeException stillDown) {
        continue;
      }
      synchronized (this) {
        if (retry.remove(node)) {
          available.add(node);
        }
      }
      log.info("dual-write: {} answers again, back in the available queue", node);
    }
  }

  /** Active notification: hears other clients' announcements on {@code node}. */
  private void listen(RedisNodeClient node) {
    JedisPubSub sub =
        new JedisPubSub() {
          @Override
          public void onMessage(String ch, String message) {
            int index;
            try {
              index = Integer.parseInt(message);
            } catch (NumberFormatException e) {
              return;
            }
            if (index >= 0 && index < nodes.size() && moveOut(nodes.get(index))) {
              log.warn("dual-write: {} moved to the retry queue (announced)", nodes.get(index));
            }
          }
        };
    long backoffMillis = 50;
    while (closed.getCount() > 0) {
      try (Jedis jedis = node.newConnection()) {
        synchronized (this) {
          if (closed.getCount() == 0) {
            return;
          }
          listenerConnections.add(jedis);
        }
        try {
          jedis.subscribe(sub, channel);
          backoffMillis = 50;
        } finally {
          synchronized (this) {
            listenerConnections.remove(jedis);
          }
        }
      } catch (RuntimeException e) {
        log.debug("dual-write: notification listener on {} down: {}", node, e.toString());
      }
      try {
        if (closed.await(backoffMillis, TimeUnit.MILLISECONDS)) {
          return;
        }
      } catch (InterruptedException e) {
        return;
      }
      backoffMillis = Math.min(2_000, backoffMillis * 2);
    }
  }

  @Override
  public void close() {
    List<Jedis> connections;
    synchronized (this) {
      closed.countDown();
      connections = List.copyOf(listenerConnections);
    }
    prober.shutdownNow();
    for (Jedis c : connections) {
      try {
        c.close(); // unblocks subscribe()
      } catch (RuntimeException ignored) {
        // already broken
      }
    }
    for (Thread t : listeners) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }
}
