package dev.distlock.redis;

import dev.distlock.spi.ReleaseWaiter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Wakes waiting acquirers when a lock is released, instead of leaving them to poll. Each lock name
 * has its own channel ({@link KeySpace#releaseChannel}); this client subscribes to it, on every
 * node's shared {@link Subscription}, only while it has a waiter for that name, so a client hears
 * the releases of the locks it waits for and no others. The message carries the releasing client's
 * tag: a release by this client wakes its own waiters at once, without the round trip through the
 * server, and its echo from the server is ignored.
 *
 * <p>Each notification wakes one waiter (a permit, as a semaphore would), not all of them: only one
 * can win the freed lock, and waking every waiter would make each of them hit the server and lose.
 * A permit is kept until a waiter takes it, so a release between a failed attempt and the wait is
 * never missed; the woken waiter that loses to another client waits for the next release. A waiter
 * relies on notifications ({@link ReleaseWaiter#reliable()}) only while its channel is confirmed on
 * a live connection to some node; otherwise it polls on the random retry delay, so a lost or
 * silently dead connection costs latency, never correctness. When the channel becomes confirmed
 * (first subscription, or again after a reconnect) the waiter is woken once, since a release
 * published before then was not delivered.
 */
final class ReleaseListener implements Subscription.Handler {
  private static final int TAG_LENGTH = 16;

  private final List<Subscription> subscriptions;
  private final KeySpace keys;
  private final String tag;
  private final ConcurrentHashMap<String, Signal> signals = new ConcurrentHashMap<>();
  private final AtomicLong heard = new AtomicLong();

  /**
   * @param subscriptions one per node
   * @param tag this client's release tag (see {@link #newTag()}): messages carrying it were already
   *     delivered locally by {@link #released(String)} and are not delivered again
   */
  ReleaseListener(List<Subscription> subscriptions, KeySpace keys, String tag) {
    this.subscriptions = List.copyOf(subscriptions);
    this.keys = keys;
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

  /** Release messages this client received from the servers (its own echoes included). */
  long heard() {
    return heard.get();
  }

  /** A waiter for {@code name}, registered now. */
  ReleaseWaiter waiter(String name) {
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
    String channel = keys.releaseChannel(name);
    List<Subscription.Listening> listening = new ArrayList<>(subscriptions.size());
    for (Subscription s : subscriptions) {
      listening.add(s.listen(channel, this));
    }
    return new Waiter(name, channel, signal, listening);
  }

  /** Wakes one local waiter of {@code lockName}, as a release notification would. */
  void released(String lockName) {
    Signal s = signals.get(lockName);
    if (s != null) {
      s.fire();
    }
  }

  @Override
  public void onMessage(String channel, String message) {
    if (message.length() <= TAG_LENGTH || message.charAt(TAG_LENGTH) != ':') {
      return; // not ours to read: another writer on the channel
    }
    heard.incrementAndGet();
    String name = message.substring(TAG_LENGTH + 1);
    if (!message.startsWith(tag) && channel.equals(keys.releaseChannel(name))) {
      released(name); // our own releases were delivered locally
    }
  }

  @Override
  public void onConfirmed(String channel) {
    // A release published before the subscription took effect was not delivered: one more look.
    signals.forEach(
        (name, signal) -> {
          if (channel.equals(keys.releaseChannel(name))) {
            signal.fire();
          }
        });
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
    private final String channel;
    private final Signal signal;
    private final List<Subscription.Listening> listening;

    Waiter(String name, String channel, Signal signal, List<Subscription.Listening> listening) {
      this.name = name;
      this.channel = channel;
      this.signal = signal;
      this.listening = listening;
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
      for (Subscription s : subscriptions) {
        if (s.confirmed(channel) != 0) {
          return true;
        }
      }
      return false;
    }

    @Override
    public void close() {
      listening.forEach(Subscription.Listening::close);
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
}
