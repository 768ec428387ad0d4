package dev.distlock.redis;

import dev.distlock.LockBackendException;
import dev.distlock.idempotency.IdempotencyGuard;
import dev.distlock.idempotency.IdempotencyStore;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import redis.clients.jedis.UnifiedJedis;
import redis.clients.jedis.exceptions.JedisException;

/**
 * {@link IdempotencyStore} in Redis: one Lua script per operation, so each check-and-act is atomic
 * on the server. Keys per request id, in one hash slot (works on Redis Cluster): {@code
 * namespace{id}}, a hash with {@code state} ({@code running}/{@code done}), {@code owner}, {@code
 * fence} and {@code result}, expiring with the claim's lease (running) or the retention (done); and
 * {@code namespace{id}:fence}, the claim counter, which never expires so a fence never repeats.
 *
 * <p>Lease and retention run on the server's clock: a server clock jump ends running claims early
 * (the fence still protects the resource) and drops done results early (a later duplicate runs
 * again, and finds the effect applied if the effect is a fenced read-check-write). A crash-restart
 * without persistence forgets markers and restarts fences, which breaks exactly-once; run the store
 * with {@code appendfsync always} where that matters. The caller owns the Jedis client. Thread-safe
 * as the client is.
 */
public final class RedisIdempotencyStore implements IdempotencyStore {
  /** KEYS[1] marker, KEYS[2] fence; ARGV[1] owner, ARGV[2] lease ms. */
  private static final String BEGIN =
      """
      local m = redis.call('hmget', KEYS[1], 'state', 'result')
      if m[1] == 'done' then return {'done', m[2]} end
      if m[1] == 'running' then return {'running', redis.call('pttl', KEYS[1])} end
      local fence = redis.call('incr', KEYS[2])
      redis.call('hset', KEYS[1], 'state', 'running', 'owner', ARGV[1], 'fence', fence)
      redis.call('pexpire', KEYS[1], ARGV[2])
      return {'claimed', fence}
      """;

  /** KEYS[1] marker, KEYS[2] fence; ARGV[1] owner, ARGV[2] fence, ARGV[3] result, ARGV[4] ms. */
  private static final String COMPLETE =
      """
      local m = redis.call('hmget', KEYS[1], 'state', 'owner', 'fence', 'result')
      if m[1] == 'done' then return {'done', m[4]} end
      local ours = m[1] == 'running' and m[2] == ARGV[1] and m[3] == ARGV[2]
      local unclaimed = (not m[1]) and redis.call('get', KEYS[2]) == ARGV[2]
      if not (ours or unclaimed) then return {'lost'} end
      redis.call('del', KEYS[1])
      redis.call('hset', KEYS[1], 'state', 'done', 'owner', ARGV[1], 'fence', ARGV[2],
        'result', ARGV[3])
      redis.call('pexpire', KEYS[1], ARGV[4])
      return {'done', ARGV[3]}
      """;

  /** KEYS[1] marker; ARGV[1] owner. */
  private static final String ABANDON =
      """
      local m = redis.call('hmget', KEYS[1], 'state', 'owner')
      if m[1] == 'running' and m[2] == ARGV[1] then return redis.call('del', KEYS[1]) end
      return 0
      """;

  private final UnifiedJedis jedis;
  private final String namespace;

  private RedisIdempotencyStore(UnifiedJedis jedis, String namespace) {
    this.jedis = Objects.requireNonNull(jedis, "jedis");
    this.namespace = Objects.requireNonNull(namespace, "namespace");
  }

  /** A store under {@code namespace} (a key prefix, e.g. {@code idem:}) on {@code jedis}. */
  public static IdempotencyStore create(UnifiedJedis jedis, String namespace) {
    return new RedisIdempotencyStore(jedis, namespace);
  }

  @Override
  public Claim begin(String requestId, String owner, Duration lease) {
    IdempotencyGuard.checkId(requestId);
    Objects.requireNonNull(owner, "owner");
    List<?> r = eval(BEGIN, requestId, owner, Long.toString(positiveMillis(lease, "lease")));
    return switch ((String) r.get(0)) {
      case "done" -> new Claim.Done((String) r.get(1));
      case "running" -> new Claim.Running(Duration.ofMillis(Math.max(0, (Long) r.get(1))));
      default -> new Claim.Claimed((Long) r.get(1));
    };
  }

  @Override
  public Optional<String> complete(
      String requestId, String owner, long fence, String result, Duration retention) {
    IdempotencyGuard.checkId(requestId);
    Objects.requireNonNull(owner, "owner");
    Objects.requireNonNull(result, "result");
    List<?> r =
        eval(
            COMPLETE,
            requestId,
            owner,
            Long.toString(fence),
            result,
            Long.toString(positiveMillis(retention, "retention")));
    return "done".equals(r.get(0)) ? Optional.of((String) r.get(1)) : Optional.empty();
  }

  @Override
  public void abandon(String requestId, String owner) {
    IdempotencyGuard.checkId(requestId);
    Objects.requireNonNull(owner, "owner");
    try {
      jedis.eval(ABANDON, List.of(markerKey(requestId)), List.of(owner));
    } catch (JedisException e) {
      throw new LockBackendException("idempotency store: " + e.getMessage(), e);
    }
  }

  private List<?> eval(String script, String requestId, String... args) {
    try {
      return (List<?>)
          jedis.eval(script, List.of(markerKey(requestId), fenceKey(requestId)), List.of(args));
    } catch (JedisException e) {
      throw new LockBackendException("idempotency store: " + e.getMessage(), e);
    }
  }

  private static long positiveMillis(Duration d, String what) {
    Objects.requireNonNull(d, what);
    if (d.toMillis() <= 0) {
      throw new IllegalArgumentException(what + " must be at least 1 ms, got " + d);
    }
    return d.toMillis();
  }

  private String markerKey(String requestId) {
    return namespace + '{' + requestId + '}';
  }

  private String fenceKey(String requestId) {
    return namespace + '{' + requestId + "}:fence";
  }

  @Override
  public String toString() {
    return "IdempotencyStore[redis " + namespace + "]";
  }
}
