package dev.distlock.zookeeper;

import dev.distlock.Guarantees;
import dev.distlock.Lease.LossReason;
import dev.distlock.LockBackendException;
import dev.distlock.spi.AcquireRequest;
import dev.distlock.spi.AcquireResult;
import dev.distlock.spi.LeaseEvents;
import dev.distlock.spi.LockBackend;
import dev.distlock.spi.RenewResult;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.curator.utils.ZKPaths;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ZooKeeper lock recipe on a {@link CuratorFramework}, not bound to threads (a lease may be
 * closed from any thread, unlike Curator's {@code InterProcessMutex}).
 *
 * <p>Acquire creates a protected ephemeral-sequential node under the lock's container node, then
 * waits until it is the lowest: each waiter watches only its predecessor (no herd when the holder
 * leaves), and the queue is served in creation order. The token is the node's {@code czxid}. A
 * connection problem during the create is left to Curator's protected mode, which finds or deletes
 * the node it may have created; one after the create deletes our node with a guaranteed delete, so
 * no orphan blocks the queue. Waiting happens here, up to the request's {@code maxWait}. A watch on
 * the holder's own node, set {@link #OWN_WATCH_DELAY} after the acquisition, loses the lease
 * (OWNER_CHANGED) when the node is deleted behind its back.
 *
 * <p>After the acquire, SUSPENDED (and READ_ONLY) suspends every lease of this backend; RECONNECTED
 * resumes those whose node still exists in the current session and loses the others; LOST (Curator
 * 5 reports it when the session expired) loses them all.
 */
final class ZooKeeperBackend implements LockBackend, ConnectionStateListener {
  private static final Logger log = LoggerFactory.getLogger(ZooKeeperBackend.class);
  private static final String NODE_PREFIX = "lock-";

  /**
   * How long after the acquisition the watch on the holder's own node is set. A watch costs a read
   * at acquisition and an event at release: measured, it took a third of the cycles of 8 threads
   * locking and unlocking (0.68x Curator's throughput with it, 0.98x without), so holds shorter
   * than this never pay for it; a node deleted in those first milliseconds is noticed when the
   * watch is set (the read finds no node).
   */
  static final Duration OWN_WATCH_DELAY = Duration.ofMillis(50);

  private final CuratorFramework curator;
  private final String basePath;
  private final long requestTimeoutNanos;

  /** Every attempt and lease of this backend by owner id. */
  private final ConcurrentHashMap<String, Entry> entries = new ConcurrentHashMap<>();

  private final ExecutorService checker =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "distlock-zk-session-check");
            t.setDaemon(true);
            return t;
          });

  // Sets the watch on holders' own nodes a little after their acquisition (see OWN_WATCH_DELAY).
  private final ScheduledExecutorService ownWatches =
      Executors.newSingleThreadScheduledExecutor(
          r -> {
            Thread t = new Thread(r, "distlock-zk-own-watch");
            t.setDaemon(true);
            return t;
          });

  // The ZooKeeper calls of an acquire run here, so the caller's wait stays bounded even when the
  // calls hang (a black-holed server): Curator's retries are not bounded by our deadline.
  private final ExecutorService workers =
      Executors.newCachedThreadPool(
          r -> {
            Thread t = new Thread(r, "distlock-zk-acquire");
            t.setDaemon(true);
            return t;
          });

  ZooKeeperBackend(CuratorFramework curator, String basePath) {
    this(
        curator,
        basePath,
        Duration.ofMillis(curator.getZookeeperClient().getConnectionTimeoutMs()));
  }

  /**
   * @param requestTimeout how long past the caller's wait an acquire, and how long a release, may
   *     wait for ZooKeeper's answer before giving up (the work goes on in the background)
   */
  ZooKeeperBackend(CuratorFramework curator, String basePath, Duration requestTimeout) {
    this.curator = curator;
    this.basePath = basePath;
    this.requestTimeoutNanos = requestTimeout.toNanos();
    curator.getConnectionStateListenable().addListener(this);
    long sweep = Math.max(1, OWN_WATCH_DELAY.toMillis() / 2);
    ownWatches.scheduleWithFixedDelay(this::sweepOwnWatches, sweep, sweep, TimeUnit.MILLISECONDS);
  }

  /** One attempt or lease: its node, once created, and where to report. */
  private static final class Entry {
    final String owner;
    final LeaseEvents events;
    volatile String path;
    volatile boolean lost;
    // Set when the attempt became the holder (System.nanoTime(), never 0 then); the sweep's flag.
    volatile long heldSince;
    volatile boolean watched;
    volatile CountDownLatch wake = new CountDownLatch(1);
    // Guarded by this: the caller gave up waiting / the worker handed its result over.
    boolean abandoned;
    boolean delivered;

    Entry(String owner, LeaseEvents events) {
      this.owner = owner;
      this.events = events;
    }
  }

  @Override
  public String type() {
    return "zookeeper";
  }

  @Override
  public Guarantees guarantees() {
    return ZooKeeperGuarantees.LOCK;
  }

  @Override
  public boolean renews() {
    return false;
  }

  /** The container node of a lock: names may hold any character, so they are URL-encoded. */
  String dirFor(String name) {
    String encoded =
        URLEncoder.encode(name, StandardCharsets.UTF_8).replace(".", "%2E").replace("*", "%2A");
    return ZKPaths.makePath(basePath, encoded);
  }

  @Override
  public AcquireResult tryAcquire(AcquireRequest request) {
    long deadline = saturatedAdd(System.nanoTime(), request.maxWait().toNanos());
    Entry entry = new Entry(request.owner(), request.events());
    entries.put(request.owner(), entry);
    Future<AcquireResult> work;
    try {
      work = workers.submit(() -> acquireInBackground(request, entry, deadline));
    } catch (RejectedExecutionException closed) {
      entries.remove(request.owner());
      return unavailable("backend closed", null);
    }
    long bound = saturatedAdd(deadline, requestTimeoutNanos) - System.nanoTime();
    try {
      return work.get(Math.max(0, bound), TimeUnit.NANOSECONDS);
    } catch (TimeoutException late) {
      synchronized (entry) {
        if (!entry.delivered) {
          // The worker cleans up whatever it gets when ZooKeeper answers at last.
          entry.abandoned = true;
          entry.wake.countDown();
          return unavailable(
              "no answer within the wait plus the request timeout "
                  + Duration.ofNanos(requestTimeoutNanos),
              null);
        }
      }
      return getDone(work);
    } catch (InterruptedException e) {
      synchronized (entry) {
        if (!entry.delivered) {
          entry.abandoned = true;
          entry.wake.countDown();
          Thread.currentThread().interrupt();
          return unavailable("interrupted", e);
        }
      }
      Thread.currentThread().interrupt();
      return getDone(work);
    } catch (ExecutionException e) {
      deleteOurs(request.owner());
      return unavailable("acquire of '" + request.name() + "' failed", e);
    }
  }

  private AcquireResult getDone(Future<AcquireResult> done) {
    try {
      return done.get();
    } catch (InterruptedException | ExecutionException e) {
      return unavailable("acquire failed", e); // not reached: the worker delivered a result
    }
  }

  private AcquireResult acquireInBackground(AcquireRequest request, Entry entry, long deadline) {
    AcquireResult r = acquireNow(request, entry, deadline);
    synchronized (entry) {
      if (!entry.abandoned) {
        entry.delivered = true;
        return r;
      }
    }
    deleteOurs(request.owner()); // nobody is waiting for this attempt any more
    return r;
  }

  private AcquireResult acquireNow(AcquireRequest request, Entry entry, long deadline) {
    String dir = dirFor(request.name());
    try {
      if (!curator.getZookeeperClient().isConnected()
          && !curator.blockUntilConnected(
              (int)
                  Math.min(
                      Integer.MAX_VALUE,
                      Math.max(1, TimeUnit.NANOSECONDS.toMillis(deadline - System.nanoTime()))),
              TimeUnit.MILLISECONDS)) {
        entries.remove(request.owner());
        return unavailable("not connected to ZooKeeper", null);
      }
      Stat stat = new Stat();
      try {
        entry.path =
            curator
                .create()
                .storingStatIn(stat)
                .creatingParentContainersIfNeeded()
                .withProtection()
                .withMode(CreateMode.EPHEMERAL_SEQUENTIAL)
                .forPath(
                    ZKPaths.makePath(dir, NODE_PREFIX),
                    request.owner().getBytes(StandardCharsets.UTF_8));
      } catch (Exception e) {
        // Protected mode: Curator deletes a node the failed create may have left behind.
        entries.remove(request.owner());
        interruptedAgain(e);
        return unavailable("create in " + dir + " failed", e);
      }
      long czxid = stat.getCzxid();
      Stat found = czxid == 0 ? curator.checkExists().forPath(entry.path) : stat;
      // Protected mode returns a node it found after a lost create reply without filling our
      // Stat: the token, the node's czxid, is read from the node itself then.
      AcquireResult r =
          found == null
              ? unavailable("our node " + entry.path + " vanished after its create", null)
              : awaitTurn(dir, entry, found.getCzxid(), deadline);
      if (!(r instanceof AcquireResult.Acquired)) {
        deleteOurs(request.owner());
      }
      return r;
    } catch (Exception e) {
      deleteOurs(request.owner());
      interruptedAgain(e);
      return unavailable("acquire of '" + request.name() + "' failed", e);
    }
  }

  private AcquireResult awaitTurn(String dir, Entry entry, long czxid, long deadline)
      throws Exception {
    String ours = ZKPaths.getNodeFromPath(entry.path);
    while (true) {
      if (entry.lost) {
        return unavailable("session lost while waiting", null);
      }
      synchronized (entry) {
        if (entry.abandoned) {
          return unavailable("the caller stopped waiting", null);
        }
      }
      List<String> queue =
          curator.getChildren().forPath(dir).stream()
              .sorted(Comparator.comparing(ZooKeeperBackend::sequence))
              .toList();
      int index = queue.indexOf(ours);
      if (index < 0) {
        return unavailable("our node " + entry.path + " vanished (session expired?)", null);
      }
      if (index == 0) {
        entry.heldSince = System.nanoTime(); // the sweep sets the watch if the hold lasts
        return new AcquireResult.Acquired(czxid, Long.MAX_VALUE);
      }
      CountDownLatch wake = new CountDownLatch(1);
      entry.wake = wake;
      synchronized (entry) {
        if (entry.abandoned) {
          continue; // checked at the top of the loop; the new latch missed its countDown
        }
      }
      Watcher watcher = event -> wake.countDown();
      try {
        // getData rather than checkExists: a watch on a node that is already gone would linger.
        curator
            .getData()
            .usingWatcher(watcher)
            .forPath(ZKPaths.makePath(dir, queue.get(index - 1)));
      } catch (KeeperException.NoNodeException gone) {
        continue;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0 || !wake.await(left, TimeUnit.NANOSECONDS)) {
        return new AcquireResult.Busy(Duration.ofMillis(1));
      }
    }
  }

  /**
   * Sets the own-node watch of every lease held for at least {@link #OWN_WATCH_DELAY}. One sweep
   * every half delay rather than a timer per acquisition: a timer per acquisition woke a thread
   * thousands of times a second under load and cost a tenth of the throughput.
   */
  private void sweepOwnWatches() {
    long now = System.nanoTime();
    for (Entry e : entries.values()) {
      long since = e.heldSince;
      if (since == 0 || e.watched || e.lost || now - since < OWN_WATCH_DELAY.toNanos()) {
        continue;
      }
      e.watched = true;
      try {
        watchOwn(e);
      } catch (Exception ex) {
        interruptedAgain(ex);
        log.debug("own-node watch of {} not set: {}", e.path, ex.toString());
      }
    }
  }

  /**
   * Loses the lease if our node is deleted behind our back (an operator, or the session expiring
   * while we were cut off): the lock is then free for the next in line.
   */
  private void watchOwn(Entry entry) throws Exception {
    Watcher watcher =
        event -> {
          if (event.getType() == Watcher.Event.EventType.NodeDeleted
              && entries.get(entry.owner) == entry) {
            lose(entry, LossReason.OWNER_CHANGED);
          } else if (event.getType() != Watcher.Event.EventType.None && !entry.lost) {
            checker.execute(
                () -> {
                  try {
                    watchOwn(entry);
                  } catch (Exception e) {
                    interruptedAgain(e);
                  }
                });
          }
        };
    // In the background: the holder need not wait a round trip for a watch on its own node, and
    // the session's FIFO order still sets it before any later request of ours is served.
    curator
        .getData()
        .usingWatcher(watcher)
        .inBackground(
            (client, event) -> {
              if (event.getResultCode() == KeeperException.Code.NONODE.intValue()
                  && entries.get(entry.owner) == entry) {
                lose(entry, LossReason.OWNER_CHANGED); // deleted before the watch was set
              }
            })
        .forPath(entry.path);
  }

  /** Orders by the 10-digit sequence suffix; the protected-mode prefix differs per node. */
  private static String sequence(String child) {
    return child.length() >= 10 ? child.substring(child.length() - 10) : child;
  }

  /**
   * A lease lives as long as the session, and the session outlives the connection by at least a
   * third of its timeout: the client declares the connection lost (SUSPENDED, lease not valid)
   * after two thirds of the session timeout without hearing from the server, and the server expires
   * the session only after the whole timeout without hearing from us.
   */
  @Override
  public Duration sessionValidity() {
    try {
      return Duration.ofMillis(curator.getZookeeperClient().getZooKeeper().getSessionTimeout() / 3);
    } catch (Exception e) {
      interruptedAgain(e);
      return Duration.ZERO;
    }
  }

  @Override
  public RenewResult renew(String name, String owner, long ttlMillis) {
    Entry e = entries.get(owner);
    return e == null || e.lost
        ? new RenewResult.NotOwner()
        : new RenewResult.Renewed(Long.MAX_VALUE);
  }

  /**
   * Deletes our node with a guaranteed delete in the background and waits at most the request
   * timeout for the answer, so closing a lease is bounded even when ZooKeeper is unreachable. An
   * unconfirmed delete is not a failure to release: Curator retries it until it succeeds, and the
   * ephemeral node goes with the session in any case, so the lock is freed by whichever comes first
   * (a lost lease does not wait at all: its node went with its session, or with the delete that
   * lost it).
   *
   * @throws LockBackendException if the delete could not even be issued
   */
  @Override
  public void release(String name, String owner) {
    Entry e = entries.remove(owner);
    if (e == null || e.path == null) {
      return; // never created, or released already; protected mode handles a failed create
    }
    CountDownLatch done = new CountDownLatch(1);
    try {
      curator
          .delete()
          .guaranteed()
          .inBackground((client, event) -> done.countDown())
          .forPath(e.path);
      if (!e.lost && !done.await(requestTimeoutNanos, TimeUnit.NANOSECONDS)) {
        log.debug(
            "delete of {} not confirmed within {}; Curator goes on retrying it",
            e.path,
            Duration.ofNanos(requestTimeoutNanos));
      }
    } catch (Exception ex) {
      interruptedAgain(ex);
      throw new LockBackendException("delete of " + e.path + " could not be issued", ex);
    }
  }

  /**
   * True if the lock's container holds any node: a holder, or a client queued to be one (its node
   * exists only while the lock is held or being taken). Asked in the background and awaited for at
   * most the request timeout, like {@link #release}.
   *
   * @throws LockBackendException if ZooKeeper did not answer in time
   */
  @Override
  public boolean isLocked(String name) {
    String dir = dirFor(name);
    CountDownLatch done = new CountDownLatch(1);
    int[] children = {-1};
    try {
      curator
          .checkExists()
          .inBackground(
              (client, event) -> {
                int rc = event.getResultCode();
                if (rc == KeeperException.Code.NONODE.intValue()) {
                  children[0] = 0;
                } else if (rc == KeeperException.Code.OK.intValue()) {
                  children[0] = event.getStat().getNumChildren();
                } // else: stays -1, an error
                done.countDown();
              })
          .forPath(dir);
      if (!done.await(requestTimeoutNanos, TimeUnit.NANOSECONDS)) {
        throw new LockBackendException(
            "exists " + dir + " not answered within " + Duration.ofNanos(requestTimeoutNanos),
            null);
      }
      if (children[0] < 0) {
        throw new LockBackendException("exists " + dir + " failed at ZooKeeper", null);
      }
      return children[0] > 0;
    } catch (LockBackendException ex) {
      throw ex;
    } catch (Exception ex) {
      interruptedAgain(ex);
      throw new LockBackendException("exists " + dir + " failed", ex);
    }
  }

  private void deleteOurs(String owner) {
    try {
      release(null, owner);
    } catch (LockBackendException e) {
      log.debug("cleanup: {}", e.getMessage());
    }
  }

  @Override
  public void stateChanged(CuratorFramework client, ConnectionState state) {
    switch (state) {
      case SUSPENDED, READ_ONLY -> entries.values().forEach(e -> e.events.suspended());
      case LOST -> entries.values().forEach(e -> lose(e, LossReason.SESSION_LOST));
      case RECONNECTED -> checker.execute(this::verifySessions);
      default -> {}
    }
  }

  /** After a reconnect: a node still owned by the current session means the lease survived. */
  private void verifySessions() {
    long session;
    try {
      session = curator.getZookeeperClient().getZooKeeper().getSessionId();
    } catch (Exception e) {
      interruptedAgain(e);
      return; // a later state change decides
    }
    for (Entry e : entries.values()) {
      if (e.path == null || e.lost) {
        continue;
      }
      try {
        Stat stat = curator.checkExists().forPath(e.path);
        if (stat != null && stat.getEphemeralOwner() == session) {
          e.events.resumed();
        } else {
          lose(e, LossReason.SESSION_LOST);
        }
      } catch (Exception ex) {
        interruptedAgain(ex);
        log.debug("session check of {} failed: {}", e.path, ex.toString());
      }
    }
  }

  private static void lose(Entry e, LossReason reason) {
    e.lost = true;
    e.wake.countDown();
    e.events.lost(reason);
  }

  private static AcquireResult unavailable(String what, Exception cause) {
    return new AcquireResult.Unavailable(
        new LockBackendException("zookeeper: " + what + (cause != null ? ": " + cause : ""), cause),
        false);
  }

  private static long saturatedAdd(long a, long b) {
    long r = a + b;
    return ((a ^ r) & (b ^ r)) < 0 ? Long.MAX_VALUE : r;
  }

  private static void interruptedAgain(Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    curator.getConnectionStateListenable().removeListener(this);
    checker.shutdownNow();
    ownWatches.shutdownNow();
    workers.shutdown(); // running attempts finish and clean up after themselves
  }

  @Override
  public String toString() {
    return "zookeeper " + curator.getZookeeperClient().getCurrentConnectionString() + basePath;
  }
}
