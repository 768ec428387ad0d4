package dev.distlock.redis;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The plumbing one Redis lock client has for its nodes, whatever the lock type: a {@link
 * RedisNodeClient} per node, the {@link Fanout} that sends to them in parallel, one pub/sub {@link
 * Subscription} per node (shared by release notifications and the dual-write group's
 * announcements), the timer that checks those subscriptions, and the {@link ReleaseListener}.
 * Closing it closes all of them. Thread-safe.
 */
final class NodeGroup implements AutoCloseable {
  /** How often an idle subscription is pinged by default. */
  static final Duration PING_INTERVAL = Duration.ofSeconds(1);

  private static final AtomicInteger IDS = new AtomicInteger();

  private final List<RedisNodeClient> clients;
  private final List<Subscription> subscriptions;
  private final KeySpace keys;
  private final Fanout fanout;
  private final ReleaseListener releases;
  private final ScheduledExecutorService timer;
  private final long nodeTimeoutNanos;

  NodeGroup(List<RedisNode> nodes, KeySpace keys, String label) {
    this(nodes, keys, label, PING_INTERVAL);
  }

  /**
   * @param pingInterval how long a subscription may be quiet before its heartbeat; an answer
   *     missing for the node's request timeout counts the connection as dead
   */
  NodeGroup(List<RedisNode> nodes, KeySpace keys, String label, Duration pingInterval) {
    this(
        tag -> nodes.stream().map(n -> new RedisNodeClient(n, keys, tag)).toList(),
        keys,
        label,
        pingInterval);
  }

  /**
   * Over clients made by {@code clientsForTag} from this group's release tag (a user's own client,
   * see {@link RedisConnection}).
   */
  NodeGroup(
      java.util.function.Function<String, List<RedisNodeClient>> clientsForTag,
      KeySpace keys,
      String label,
      Duration pingInterval) {
    int id = IDS.incrementAndGet();
    String tag = ReleaseListener.newTag();
    this.keys = keys;
    this.clients = clientsForTag.apply(tag);
    List<RedisNode> nodes = clients.stream().map(RedisNodeClient::node).toList();
    this.subscriptions =
        clients.stream()
            .map(
                c ->
                    new Subscription(
                        c,
                        keys.anchorChannel(tag),
                        pingInterval.toNanos(),
                        c.node().requestTimeout().toNanos(),
                        "distlock-" + label + "-subscription-" + id + "-" + c.node().port()))
            .toList();
    this.fanout = new Fanout(clients, label);
    this.releases = new ReleaseListener(subscriptions, keys, tag);
    this.nodeTimeoutNanos =
        nodes.stream()
            .mapToLong(n -> n.requestTimeout().plus(n.connectTimeout()).toNanos())
            .max()
            .orElseThrow();
    this.timer =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "distlock-" + label + "-subscription-check-" + id);
              t.setDaemon(true);
              return t;
            });
    // Checked several times per ping interval and per deadline, so a missed answer is noticed soon
    // after its deadline rather than a whole interval later.
    long shortest =
        Math.min(
            pingInterval.toNanos(),
            nodes.stream().mapToLong(n -> n.requestTimeout().toNanos()).min().orElseThrow());
    long every = Math.max(TimeUnit.MILLISECONDS.toNanos(10), shortest / 4);
    timer.scheduleWithFixedDelay(this::checkSubscriptions, every, every, TimeUnit.NANOSECONDS);
  }

  private void checkSubscriptions() {
    for (Subscription s : subscriptions) {
      try {
        s.checkHealth();
      } catch (RuntimeException e) {
        // keep checking the others; the next round tries again
      }
    }
  }

  List<RedisNodeClient> clients() {
    return clients;
  }

  List<Subscription> subscriptions() {
    return subscriptions;
  }

  KeySpace keys() {
    return keys;
  }

  Fanout fanout() {
    return fanout;
  }

  ReleaseListener releases() {
    return releases;
  }

  /** The longest a request to one node may take: its connect plus request timeout. */
  long nodeTimeoutNanos() {
    return nodeTimeoutNanos;
  }

  @Override
  public void close() {
    timer.shutdownNow();
    subscriptions.forEach(Subscription::close);
    fanout.close();
    clients.forEach(RedisNodeClient::close);
  }

  @Override
  public String toString() {
    return clients.toString();
  }
}
