package dev.distlock.redis;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * One client's pub/sub connection to one node, shared by everything the client listens to there
 * (release notifications for the lock names it waits for, the dual-write group's announcements).
 * Thread-safe.
 *
 * <p>A subscribe-with-backoff loop on a daemon thread, started by the first {@link #listen}:
 * connect, {@code SUBSCRIBE} every wanted channel, read until the connection breaks, wait (50 ms,
 * doubling up to 2 s, reset by a confirmed subscription), again. Channels are reference-counted and
 * added or removed on the live connection ({@code SUBSCRIBE}/{@code UNSUBSCRIBE}), so a client
 * hears a channel only while something listens to it. The connection also stays subscribed to the
 * client's own anchor channel, on which nobody publishes: Redis would otherwise leave subscribed
 * mode when the last channel goes, and the reader with it.
 *
 * <p><b>Silent death.</b> A paused or partitioned server, or a half-open connection, sends no error
 * and no messages. So after {@code pingInterval} without a reply the connection gets a heartbeat:
 * the anchor channel is subscribed again, which Redis confirms like the first time. (Not {@code
 * PING}: in Jedis after 5.2, each {@code JedisPubSub.ping()} leaves a reply handler in a queue that
 * the subscribed-mode {@code ["pong", ""]} reply never drains, so a connection pinged every second
 * would grow without bound; SubscriptionHeartbeatIT.) If the heartbeat's confirmation (or, on a new
 * connection, the first subscription's) has not arrived {@code deadline} after it was asked for,
 * the connection is closed and the loop reconnects with backoff. A channel counts as {@linkplain
 * #confirmed(String) confirmed} only from its {@code SUBSCRIBE} reply until the connection is found
 * dead or the channel is dropped, so listeners can tell when they must poll. Listeners are told
 * when a channel becomes confirmed, since messages published before that were not delivered.
 *
 * <p>Handlers run on the reader thread: they must be short and must not block.
 */
final class Subscription implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(Subscription.class);
  private static final long MIN_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  /** Confirmation stamps: distinct and increasing across all subscriptions of the JVM. */
  private static final AtomicLong STAMPS = new AtomicLong();

  /** Receives a channel's messages and confirmations. */
  interface Handler {
    void onMessage(String channel, String message);

    /** The channel is (again) subscribed on a live connection; earlier messages may be lost. */
    default void onConfirmed(String channel) {}
  }

  private final RedisNodeClient node;
  private final String anchor;
  private final long pingIntervalNanos;
  private final long deadlineNanos;
  private final String threadName;
  private final Map<String, Entry> wanted = new HashMap<>(); // guarded by this
  private Session session; // guarded by this; the live connection, or null
  private Thread thread; // guarded by this
  private boolean closed; // guarded by this
  private long heartbeats; // guarded by this

  /**
   * @param anchor this client's anchor channel ({@link KeySpace#anchorChannel})
   * @param deadline how long a heartbeat or the first SUBSCRIBE may go unanswered
   */
  Subscription(
      RedisNodeClient node, String anchor, long pingIntervalNanos, long deadline, String name) {
    this.node = node;
    this.anchor = anchor;
    this.pingIntervalNanos = pingIntervalNanos;
    this.deadlineNanos = deadline;
    this.threadName = name;
  }

  RedisNodeClient node() {
    return node;
  }

  /**
   * Listens to {@code channel} until the returned handle is closed. Listeners of one channel share
   * the first one's handler (each channel has one kind of listener).
   */
  Listening listen(String channel, Handler handler) {
    synchronized (this) {
      Entry e = wanted.computeIfAbsent(channel, c -> new Entry(handler));
      e.refs++;
      if (e.refs == 1 && session != null && session.ready) {
        session.send(channel, true);
      }
      // Without a way to open pub/sub connections (a user's client given without one) nothing is
      // ever confirmed and waiters poll.
      if (thread == null && !closed && node.notifies()) {
        thread = new Thread(this::run, threadName);
        thread.setDaemon(true);
        thread.start();
      }
    }
    return new Listening(channel);
  }

  /** A stamp unique to the current confirmation of {@code channel}, or 0 if it is not confirmed. */
  synchronized long confirmed(String channel) {
    Entry e = wanted.get(channel);
    return e == null ? 0 : e.confirmed;
  }

  /** Heartbeats answered so far, over all connections (for tests). */
  synchronized long heartbeats() {
    return heartbeats;
  }

  /** True while a connection is subscribed and has not missed a heartbeat's deadline. */
  synchronized boolean live() {
    return session != null && session.ready;
  }

  /** Handle of one {@link #listen} call. */
  final class Listening implements AutoCloseable {
    private final String channel;
    private boolean done;

    private Listening(String channel) {
      this.channel = channel;
    }

    @Override
    public void close() {
      synchronized (Subscription.this) {
        if (done) {
          return;
        }
        done = true;
        Entry e = wanted.get(channel);
        if (--e.refs == 0) {
          wanted.remove(channel);
          if (session != null && session.ready) {
            session.send(channel, false);
          }
        }
      }
    }
  }

  private static final class Entry {
    final Handler handler;
    int refs;
    long confirmed;

    Entry(Handler handler) {
      this.handler = handler;
    }
  }

  /** Periodic check, from the node group's timer: ping, or give up on an unanswering connection. */
  void checkHealth() {
    Session dead = null;
    synchronized (this) {
      Session s = session;
      if (s == null) {
        return;
      }
      long now = System.nanoTime();
      if (s.askedAt != 0 && now - s.askedAt > deadlineNanos) {
        dead = s;
        log.warn(
            "release/announcement subscription on {}: no answer for {} ms, reconnecting",
            node,
            TimeUnit.NANOSECONDS.toMillis(now - s.askedAt));
        drop(s);
      } else if (s.ready && s.askedAt == 0 && now - s.heardAt >= pingIntervalNanos) {
        s.askedAt = now;
        s.sendHeartbeat();
      }
    }
    if (dead != null) {
      dead.closeConnection();
    }
  }

  private void run() {
    long backoff = MIN_BACKOFF_MILLIS;
    while (true) {
      Session s = null;
      try (Jedis jedis = node.newConnection()) {
        String[] channels;
        synchronized (this) {
          if (closed) {
            return;
          }
          s = new Session(jedis);
          session = s;
          channels = s.initialChannels();
        }
        jedis.subscribe(s, channels); // blocks until the connection breaks or is closed
      } catch (RuntimeException e) {
        log.debug("subscription on {} down: {}", node, e.toString());
      } finally {
        synchronized (this) {
          if (s != null && session == s) {
            drop(s);
          }
        }
      }
      if (s != null && s.wasReady) {
        backoff = MIN_BACKOFF_MILLIS;
      }
      synchronized (this) {
        long end = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(backoff);
        long left;
        while (!closed && (left = end - System.nanoTime()) > 0) {
          try {
            TimeUnit.NANOSECONDS.timedWait(this, left);
          } catch (InterruptedException e) {
            return;
          }
        }
        if (closed) {
          return;
        }
      }
      backoff = Math.min(MAX_BACKOFF_MILLIS, backoff * 2);
    }
  }

  /** Forgets {@code s}: no channel is confirmed until a new connection confirms it. */
  private void drop(Session s) {
    session = null;
    for (Entry e : wanted.values()) {
      e.confirmed = 0;
    }
  }

  @Override
  public void close() {
    Session s;
    Thread t;
    synchronized (this) {
      closed = true;
      s = session;
      if (s != null) {
        drop(s);
      }
      t = thread;
      notifyAll();
    }
    if (s != null) {
      s.closeConnection(); // unblocks the reader
    }
    if (t != null) {
      try {
        t.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /** One connection's subscription. Its callbacks run on the reader thread. */
  private final class Session extends JedisPubSub {
    private final Jedis jedis;

    /** Channels whose last command on this connection was SUBSCRIBE (guarded by the outer lock). */
    private final Set<String> asked = new HashSet<>();

    /** Replies still due per channel: a reply only confirms if it answers the last command. */
    private final Map<String, Integer> due = new HashMap<>();

    long askedAt; // guarded by the outer lock: when the unanswered heartbeat/SUBSCRIBE went out
    long heardAt; // guarded by the outer lock
    boolean ready; // guarded by the outer lock: the anchor is confirmed
    volatile boolean wasReady;

    Session(Jedis jedis) {
      this.jedis = jedis;
      this.askedAt = System.nanoTime();
    }

    /** Called under the outer lock before the first SUBSCRIBE. */
    String[] initialChannels() {
      List<String> list = new ArrayList<>();
      list.add(anchor);
      list.addAll(wanted.keySet());
      for (String c : list) {
        asked.add(c);
        due.merge(c, 1, Integer::sum);
      }
      return list.toArray(String[]::new);
    }

    /** Called under the outer lock on a ready session. */
    void send(String channel, boolean subscribe) {
      try {
        if (subscribe) {
          subscribe(channel);
          asked.add(channel);
        } else {
          unsubscribe(channel);
          asked.remove(channel);
        }
        due.merge(channel, 1, Integer::sum);
      } catch (RuntimeException e) {
        broken("(un)subscribe", e);
      }
    }

    /** Under the outer lock: a write failed, so the reader fails too and the loop reconnects. */
    private void broken(String what, RuntimeException e) {
      log.debug("{} on {} failed: {}", what, node, e.toString());
      drop(this);
      closeConnection();
    }

    /** Called under the outer lock on a ready session: SUBSCRIBE the anchor again (see above). */
    void sendHeartbeat() {
      try {
        subscribe(anchor);
        due.merge(anchor, 1, Integer::sum);
      } catch (RuntimeException e) {
        broken("heartbeat", e);
      }
    }

    void closeConnection() {
      try {
        jedis.close();
      } catch (RuntimeException ignored) {
        // already broken
      }
    }

    @Override
    public void onSubscribe(String channel, int count) {
      reply(channel);
    }

    @Override
    public void onUnsubscribe(String channel, int count) {
      reply(channel);
    }

    @Override
    public void onMessage(String channel, String message) {
      Handler h;
      synchronized (Subscription.this) {
        Entry e = session == this ? wanted.get(channel) : null;
        h = e == null ? null : e.handler;
      }
      if (h != null) {
        h.onMessage(channel, message);
      }
    }

    private void reply(String channel) {
      Handler confirmedHandler = null;
      synchronized (Subscription.this) {
        if (session != this) {
          return;
        }
        long now = System.nanoTime();
        heardAt = now;
        int left = due.merge(channel, -1, Integer::sum);
        if (left <= 0) {
          due.remove(channel);
        }
        if (channel.equals(anchor) && left <= 0) {
          askedAt = 0;
          if (ready) {
            heartbeats++;
          } else {
            ready = true;
            wasReady = true;
            catchUp();
          }
        }
        Entry e = wanted.get(channel);
        if (e != null) {
          if (left <= 0 && asked.contains(channel)) {
            if (e.confirmed == 0) {
              e.confirmed = STAMPS.incrementAndGet();
              confirmedHandler = e.handler;
            }
          } else {
            e.confirmed = 0;
          }
        }
      }
      if (confirmedHandler != null) {
        confirmedHandler.onConfirmed(channel);
      }
    }

    /**
     * Under the outer lock, once ready: channels wanted or dropped while the first reply was due.
     */
    private void catchUp() {
      for (String c : List.copyOf(wanted.keySet())) {
        if (!asked.contains(c)) {
          send(c, true);
        }
      }
      for (String c : List.copyOf(asked)) {
        if (!c.equals(anchor) && !wanted.containsKey(c)) {
          send(c, false);
        }
      }
    }
  }
}
