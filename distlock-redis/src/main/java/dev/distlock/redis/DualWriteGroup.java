package dev.distlock.redis;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

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
  private final List<Subscription.Listening> listening = new ArrayList<>();

  /** Listens for announcements on every node's subscription of {@code group}. */
  DualWriteGroup(NodeGroup group, Duration probeInterval) {
    this.nodes = group.clients();
    this.channel = group.keys().nodesChannel();
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
    for (Subscription s : group.subscriptions()) {
      listening.add(s.listen(channel, this::announced));
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

  /** Active notification: another client announced the node at {@code message} as failed. */
  private void announced(String channel, String message) {
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

  @Override
  public void close() {
    prober.shutdownNow();
    listening.forEach(Subscription.Listening::close);
  }
}
