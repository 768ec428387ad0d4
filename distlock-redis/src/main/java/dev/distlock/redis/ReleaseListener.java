package dev.distlock.redis;

import dev.distlock.spi.ReleaseWaiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.JedisPubSub;

/**
 * Wakes waiting acquirers when a lock is released, instead of leaving them to poll: one pub/sub
 * subscription per node (started on the first wait), one channel for every lock, the lock name as
 * the message (after the releasing client's tag). A release by this client wakes its own waiters at
 * once, without the round trip through the server, and its echo from the server is ignored.
 *
 * <p>Each notification wakes one waiter (a permit, as a semaphore would), not all of them: only one
 * can win the freed lock, and waking every waiter would make each of them hit the server and lose.
 * A permit is kept until a waiter takes it, so a release between a failed attempt and the wait is
 * never missed; the woken waiter that loses to another client waits for the next release. While no
 * subscription is live the waiters fall back to random retry delays, so a lost connection costs
 * latency, never correctness.
 */
final class ReleaseListener implements AutoCloseable {
  private static final Logger log = LoggerFactory.getLogger(ReleaseListener.class);
  private static final AtomicInteger IDS = new AtomicInteger();
  private static final int TAG_LENGTH = 16;

  private final List<RedisNodeClient> nodes;
  private final String tag;
  private final ConcurrentHashMap<String, Signal> signals = new ConcurrentHashMap<>();
  private final AtomicInteger live = new AtomicInteger();
  private final CountDownLatch closed = new CountDownLatch(1);
  private final List<Subscriber> subscribers = new ArrayList<>();
  private boolean started;

  /**
   * @param tag this client's release tag (see {@link #newTag()}): messages carrying it were already
   *     delivered locally by {@link #released(String)} and are not delivered again
   */
  ReleaseListener(List<RedisNodeClient> nodes, String tag) {
    this.nodes = List.copyOf(nodes);
    this.tag = tag;
  }

  /** A random tag for one client's release messages. */
  static String newTag() {
    return dev.distlock.spi.OwnerIds.next().substring(0, TAG_LENGTH);
  }

  /** The release message: the releasing client's tag, a colon, the lock name. */
  static String message(String tag, String lockName) {
    return tag + ':' + lockName;
  }

  /** A waiter for {@code name}, registered now. */
  ReleaseWaiter waiter(String name) {
    ensureStarted();
    Signal signal =
        signals.compute(
            name,
            (k, s) -> {
              Signal v = s == null ? new Signal() : s;
              synchronized (v) {
                v.refs++;
              }
              return v;
            });
    return new Waiter(name, signal);
  }

  private synchronized void ensureStarted() {
    if (started || closed.getCount() == 0) {
      return;
    }
    started = true;
    int id = IDS.incrementAndGet();
    for (RedisNodeClient node : nodes) {
      Subscriber s = new Subscriber(node);
      Thread t = new Thread(s, "distlock-release-listener-" + id + "-" + node.node().port());
      t.setDaemon(true);
      s.thread = t;
      subscribers.add(s);
      t.start();
    }
  }

  @Override
  public void close() {
    List<Subscriber> subs;
    synchronized (this) {
      closed.countDown();
      subs = List.copyOf(subscribers);
    }
    for (Subscriber s : subs) {
      s.stop();
    }
    for (Subscriber s : subs) {
      try {
        s.thread.join(TimeUnit.SECONDS.toMillis(5));
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return;
      }
    }
  }

  /** Wakes one local waiter of {@code lockName}, as a release notification would. */
  void released(String lockName) {
    Signal s = signals.get(lockName);
    if (s != null) {
      s.fire();
    }
  }

  private static final class Signal {
    int refs; // guarded by this and by the map's compute
    int permits; // guarded by this

    synchronized void fire() {
      // More permits than waiters would only cause attempts that are bound to fail.
      if (permits < refs) {
        permits++;
        notify();
      }
    }
  }

  private final class Waiter implements ReleaseWaiter {
    private final String name;
    private final Signal signal;

    Waiter(String name, Signal signal) {
      this.name = name;
      this.signal = signal;
    }

    @Override
    public boolean await(long nanos) throws InterruptedException {
      long end = System.nanoTime() + nanos;
      synchronized (signal) {
        while (signal.permits == 0) {
          long left = end - System.nanoTime();
          if (left <= 0) {
            return false;
          }
          TimeUnit.NANOSECONDS.timedWait(signal, left);
        }
        signal.permits--;
        return true;
      }
    }

    @Override
    public boolean reliable() {
      return live.get() > 0;
    }

    @Override
    public void close() {
      signals.computeIfPresent(
          name,
          (k, s) -> {
            synchronized (s) {
              s.refs--;
              s.permits = Math.min(s.permits, s.refs);
              return s.refs == 0 ? null : s;
            }
          });
    }
  }

  private final class Subscriber extends JedisPubSub implements Runnable {
    private final RedisNodeClient node;
    private volatile Jedis connection;
    private volatile boolean subscribed;
    Thread thread;

    Subscriber(RedisNodeClient node) {
      this.node = node;
    }

    @Override
    public void run() {
      long backoffMillis = 50;
      while (closed.getCount() > 0) {
        try (Jedis jedis = node.newConnection()) {
          connection = jedis;
          if (closed.getCount() == 0) {
            return;
          }
          jedis.subscribe(this, node.keys().releaseChannel()); // blocks until unsubscribed
          backoffMillis = 50;
        } catch (RuntimeException e) {
          log.debug("release listener on {} disconnected: {}", node, e.toString());
        } finally {
          markDown();
          connection = null;
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
    public void onSubscribe(String channel, int count) {
      if (!subscribed) {
        subscribed = true;
        live.incrementAndGet();
      }
    }

    @Override
    public void onMessage(String channel, String message) {
      if (message.length() <= TAG_LENGTH || message.charAt(TAG_LENGTH) != ':') {
        return; // not ours to read: another writer on the channel
      }
      if (!message.startsWith(tag)) {
        released(message.substring(TAG_LENGTH + 1)); // our own releases were delivered locally
      }
    }

    private void markDown() {
      if (subscribed) {
        subscribed = false;
        live.decrementAndGet();
      }
    }

    void stop() {
      try {
        if (isSubscribed()) {
          unsubscribe();
        }
      } catch (RuntimeException e) {
        log.debug("unsubscribe on {} failed: {}", node, e.toString());
      }
      Jedis c = connection;
      if (c != null) {
        try {
          c.close(); // unblocks the reader if the server does not answer the unsubscribe
        } catch (RuntimeException ignored) {
          // already broken
        }
      }
    }
  }
}
