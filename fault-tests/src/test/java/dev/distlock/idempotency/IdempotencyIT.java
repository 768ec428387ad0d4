package dev.distlock.idempotency;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.distlock.LockBackendException;
import dev.distlock.check.ExactlyOnceCheck;
import dev.distlock.check.ExactlyOnceCheck.Answer;
import dev.distlock.check.ExactlyOnceCheck.Kind;
import dev.distlock.cluster.ClusterExtension;
import dev.distlock.cluster.ProxiedEndpoint;
import dev.distlock.cluster.RedisServer;
import dev.distlock.cluster.Timing;
import dev.distlock.guard.FencedResource;
import dev.distlock.guard.StaleTokenException;
import dev.distlock.idempotency.IdempotencyGuard.Response;
import dev.distlock.redis.RedisIdempotencyStore;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.SplittableRandom;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import redis.clients.jedis.DefaultJedisClientConfig;
import redis.clients.jedis.HostAndPort;
import redis.clients.jedis.RedisClient;

/**
 * Every request is sent 1–3 times by different clients (each through its own Toxiproxy link to one
 * persistent redis-server) while faults hit: a client's link black-holed, the server paused
 * (SIGSTOP), the server killed and restarted (appendfsync always), and — chosen per submission by a
 * seeded plan — a client pausing past its claim's lease between its check and its write, or dying
 * right after claiming. Afterwards each request is resubmitted until it is done. The check ({@link
 * ExactlyOnceCheck}): each effect applied exactly once, every result answer equal to the result the
 * resource recorded. The same run without the guard must be caught by the check.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class IdempotencyIT {
  @RegisterExtension static final ClusterExtension cluster = new ClusterExtension();

  private static final long SEED = 20261201L;
  private static final int CLIENTS = 4;
  private static final int REQUESTS = 30;
  private static final Duration LEASE = Timing.scaled(Duration.ofMillis(1000));
  private static final Duration SPACING = Duration.ofMillis(200);

  /**
   * A client dying with its claim held: not caught by the guard (an Error), so nothing is undone.
   */
  private static final class ClientDied extends Error {
    private static final long serialVersionUID = 1L;
  }

  /** Per-submission fault choices, drawn from the seed before the run. */
  private record Send(String requestId, int client, boolean pauses, boolean dies) {}

  private final List<Answer> answers = new CopyOnWriteArrayList<>();

  private static List<List<Send>> plan() {
    SplittableRandom random = new SplittableRandom(SEED);
    List<List<Send>> perClient = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      perClient.add(new ArrayList<>());
    }
    for (int r = 0; r < REQUESTS; r++) {
      int copies = 1 + random.nextInt(3);
      int first = random.nextInt(CLIENTS);
      for (int k = 0; k < copies; k++) {
        int client = (first + k) % CLIENTS;
        boolean pauses = random.nextInt(8) == 0;
        boolean dies = !pauses && random.nextInt(10) == 0;
        perClient.get(client).add(new Send("req-" + r, client, pauses, dies));
      }
    }
    return perClient;
  }

  private static RedisClient via(String host, int port) {
    return RedisClient.builder()
        .hostAndPort(new HostAndPort(host, port))
        .clientConfig(
            DefaultJedisClientConfig.builder()
                .connectionTimeoutMillis(400)
                .socketTimeoutMillis(400)
                .build())
        .build();
  }

  /** The request's effect as a fenced read-check-write of {@code pay:{id}}. */
  private IdempotencyGuard.Effect effect(FencedResource resource, Send s) {
    return fence -> {
      OptionalLong done = resource.read(s.requestId(), fence);
      if (done.isPresent()) {
        return "receipt-" + done.getAsLong();
      }
      if (s.pauses()) {
        pause();
      }
      if (s.dies()) {
        throw new ClientDied();
      }
      resource.write(s.requestId(), fence, fence);
      return "receipt-" + fence;
    };
  }

  private static void pause() {
    try {
      Thread.sleep(LEASE.plusMillis(300).toMillis()); // the sleep is the fault: a stop-the-world
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  /** One client's submission with the guard; records the answer. */
  private void guarded(RedisClient jedis, Send s) {
    IdempotencyGuard guard =
        IdempotencyGuard.create(
            RedisIdempotencyStore.create(jedis, "idem:"), LEASE, Duration.ofHours(1));
    FencedResource resource = new LoggingFencedResource(jedis);
    try {
      Response r = guard.submit(s.requestId(), effect(resource, s));
      answers.add(
          r instanceof Response.Done d
              ? new Answer(s.requestId(), s.client(), Kind.DONE, d.result(), d.executedHere())
              : new Answer(s.requestId(), s.client(), Kind.IN_PROGRESS, null, false));
    } catch (LockBackendException | StaleTokenException | ClientDied e) {
      answers.add(new Answer(s.requestId(), s.client(), Kind.ERROR, null, false));
    }
  }

  /** The same request without the guard: a plain check-then-act, logged like the oracle's. */
  private void unguarded(RedisClient jedis, Send s) {
    String key = LoggingFencedResource.valueKey(s.requestId());
    try {
      String done = jedis.get(key);
      if (done != null) {
        answers.add(new Answer(s.requestId(), s.client(), Kind.DONE, done, false));
        return;
      }
      if (s.pauses()) {
        pause();
      }
      String receipt = "receipt-client" + s.client();
      jedis.eval(
          "redis.call('set', KEYS[1], ARGV[1]) return redis.call('rpush', KEYS[2], ARGV[1])",
          List.of(key, LoggingFencedResource.logKey(s.requestId())),
          List.of(receipt));
      answers.add(new Answer(s.requestId(), s.client(), Kind.DONE, receipt, true));
    } catch (RuntimeException e) {
      answers.add(new Answer(s.requestId(), s.client(), Kind.ERROR, null, false));
    }
  }

  private interface Submitter {
    void submit(RedisClient jedis, Send s);
  }

  /** Runs the plan through per-client proxies while the nemesis schedule runs; then heals. */
  private void run(RedisServer redis, String tag, Submitter submitter) throws Exception {
    List<ProxiedEndpoint> links = new ArrayList<>();
    List<RedisClient> clients = new ArrayList<>();
    for (int c = 0; c < CLIENTS; c++) {
      ProxiedEndpoint link = cluster.toxiproxy().proxy(tag + "-client-" + c, redis);
      links.add(link);
      clients.add(cluster.manage(via(link.host(), link.port())));
    }
    List<List<Send>> plan = plan();
    ExecutorService pool = Executors.newFixedThreadPool(CLIENTS + 1);
    long start = System.nanoTime();
    try {
      List<Future<?>> futures = new ArrayList<>();
      for (int c = 0; c < CLIENTS; c++) {
        int client = c;
        futures.add(
            pool.submit(
                () -> {
                  for (Send s : plan.get(client)) {
                    int index = Integer.parseInt(s.requestId().substring(4));
                    awaitOffset(start, SPACING.multipliedBy(index)); // duplicates start together
                    submitter.submit(clients.get(client), s);
                  }
                  return null;
                }));
      }
      futures.add(pool.submit(() -> nemesis(redis, links.get(1), start)));
      for (Future<?> f : futures) {
        f.get(120, TimeUnit.SECONDS);
      }
    } finally {
      pool.shutdownNow();
      links.forEach(ProxiedEndpoint::heal);
    }
  }

  /** Partition of client 1 at 1.0–2.5 s, server pause at 3.0–3.8 s, crash-restart at 4.5 s. */
  private static Void nemesis(RedisServer redis, ProxiedEndpoint link, long start) {
    awaitOffset(start, Duration.ofMillis(1000));
    link.blackhole();
    awaitOffset(start, Duration.ofMillis(2500));
    link.heal();
    awaitOffset(start, Duration.ofMillis(3000));
    redis.pause();
    awaitOffset(start, Duration.ofMillis(3800));
    redis.resume();
    awaitOffset(start, Duration.ofMillis(4500));
    redis.kill();
    redis.restart();
    return null;
  }

  /** Waits until {@code offset} after {@code start}: the schedule's clock, not synchronization. */
  private static void awaitOffset(long start, Duration offset) {
    long left = start + offset.toNanos() - System.nanoTime();
    if (left > 0) {
      try {
        TimeUnit.NANOSECONDS.sleep(left);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  private ExactlyOnceCheck.Result resolveAndCheck(RedisServer redis, boolean guard) {
    RedisClient direct = cluster.manage(via(redis.host(), redis.port()));
    // Final resolution: resubmit every request until it is done (crashed claims run out first).
    for (int r = 0; r < REQUESTS; r++) {
      Send s = new Send("req-" + r, CLIENTS, false, false);
      await()
          .atMost(Timing.seconds(20))
          .pollInterval(Duration.ofMillis(100))
          .until(
              () -> {
                int before = answers.size();
                if (guard) {
                  guarded(direct, s);
                } else {
                  unguarded(direct, s);
                }
                return answers.get(before).kind() == Kind.DONE;
              });
    }
    Map<String, String> recorded = new HashMap<>();
    Map<String, Integer> applications = new HashMap<>();
    for (int r = 0; r < REQUESTS; r++) {
      String id = "req-" + r;
      String v = direct.get(LoggingFencedResource.valueKey(id));
      if (v != null) {
        recorded.put(id, v.startsWith("receipt-") ? v : "receipt-" + v);
      }
      applications.put(id, (int) direct.llen(LoggingFencedResource.logKey(id)));
    }
    ExactlyOnceCheck.Result result = ExactlyOnceCheck.check(answers, applications, recorded);
    System.out.printf(
        "idempotency guard=%s: %d requests, %d answers (%d done, %d in progress, %d errors),"
            + " %d duplicates answered, %d violations %s%n",
        guard,
        result.requests(),
        answers.size(),
        answers.stream().filter(a -> a.kind() == Kind.DONE).count(),
        answers.stream().filter(a -> a.kind() == Kind.IN_PROGRESS).count(),
        answers.stream().filter(a -> a.kind() == Kind.ERROR).count(),
        result.duplicatesAnswered(),
        result.violations().size(),
        result.violations().stream().limit(3).toList());
    return result;
  }

  @Test
  void withTheGuardEachEffectAppliesOnceAndEveryDuplicateGetsTheRightAnswer() throws Exception {
    RedisServer redis = cluster.redis(b -> b.persistent(true));
    run(redis, "guarded", this::guarded);
    ExactlyOnceCheck.Result result = resolveAndCheck(redis, true);
    assertThat(result.requests()).isEqualTo(REQUESTS);
    assertThat(result.duplicatesAnswered()).as("non-trivial: duplicates answered").isPositive();
    assertThat(answers)
        .as("faults hit: some submissions failed")
        .anyMatch(a -> a.kind() == Kind.ERROR);
    assertThat(result.violations()).isEmpty();
  }

  @Test
  void withoutTheGuardTheCheckFindsDoubleEffectsAndWrongAnswers() throws Exception {
    RedisServer redis = cluster.redis(b -> b.persistent(true));
    run(redis, "naive", this::unguarded);
    ExactlyOnceCheck.Result result = resolveAndCheck(redis, false);
    assertThat(result.valid()).isFalse();
    assertThat(result.violations()).anyMatch(v -> v.contains("applied 2 times"));
  }
}
