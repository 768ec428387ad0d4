package dev.distlock.workload;

import dev.distlock.client.ClientProcess;
import dev.distlock.client.Reply;
import dev.distlock.cluster.Timing;
import dev.distlock.history.Recorder;
import dev.distlock.model.FencedRegister;
import java.time.Duration;
import java.util.List;

/**
 * One lock client of a {@link Run}: sends commands to its child JVM and records each as an
 * operation, stamped by the driving JVM when it sends the command and when the reply arrives.
 *
 * <p>Lock ops go to the run's lock history ({@code acquire} ok with the token, fail when not
 * acquired in time, info when the outcome is unknown; {@code release}). A decrement of the
 * inventory is the classic get-check-set: a read and a write, two separate commands, recorded as
 * one {@code decrement} of the resource history (the {@code counter} model) spanning both, and —
 * when the run is guarded — as one fenced {@code read} and one fenced {@code write} of the guard
 * history (the {@code fenced-register} model). {@link #beginDecrement()} and {@link
 * #finishDecrement()} split it so a scenario can freeze the client between the read and the write.
 * Not thread-safe: one actor is driven by one thread.
 */
public final class Actor {
  private static final Duration REPLY = Duration.ofSeconds(5);

  private final Run run;
  private final ClientProcess client;
  private final long process;
  private long token = -1;
  private Recorder.Pending decrement;
  private long readValue;
  private String sku;

  Actor(Run run, ClientProcess client) {
    this.run = run;
    this.client = client;
    this.process = client.id();
  }

  /**
   * Returns the client.
   *
   * @return the child JVM driver
   */
  public ClientProcess client() {
    return client;
  }

  /**
   * Returns the token of the last successful acquire.
   *
   * @return the token, or -1 before any
   */
  public long token() {
    return token;
  }

  /**
   * Acquires the run's lock, waiting at most {@code wait}, and records the op.
   *
   * @param wait how long the child may wait for the lock
   * @return the reply: {@link Reply.Ok} with the token, {@link Reply.Timeout}, or an unknown
   *     outcome
   */
  public Reply acquire(Duration wait) {
    return acquire(run.lockName(), wait);
  }

  /**
   * Acquires the lock {@code name}, waiting at most {@code wait}, and records the op under that
   * key. Its token is the one later fenced accesses of this actor use.
   *
   * @param name the lock name
   * @param wait how long the child may wait for the lock
   * @return the reply, as {@link #acquire(Duration)}
   */
  public Reply acquire(String name, Duration wait) {
    Recorder.Pending p = run.locks().invoke(process, "acquire", name, null);
    Reply r =
        client.call("acquire " + name + " " + wait.toMillis(), Timing.scaled(wait.plus(REPLY)));
    if (r instanceof Reply.Ok ok) {
      token = ok.asLong();
      p.ok(token);
    } else if (r instanceof Reply.Timeout) {
      p.fail(null);
    } else {
      p.info(why(r));
    }
    return r;
  }

  /**
   * Releases the run's lock and records the op (ok when the child released its lease).
   *
   * @return the reply
   */
  public Reply release() {
    return release(run.lockName());
  }

  /**
   * Releases the lock {@code name} and records the op (ok when the child released its lease).
   *
   * @param name the lock name
   * @return the reply
   */
  public Reply release(String name) {
    Recorder.Pending p = run.locks().invoke(process, "release", name, null);
    Reply r = client.call("release " + name, Timing.scaled(REPLY));
    if (r instanceof Reply.Ok) {
      p.ok(null);
    } else {
      p.info(why(r));
    }
    return r;
  }

  /**
   * Asks the child whether it believes it holds the lock (local knowledge, no network call).
   *
   * @return true if the child's lease is valid; false also when the child does not answer
   */
  public boolean believesHeld() {
    Reply r = client.call("valid " + run.lockName(), Timing.scaled(REPLY));
    return r instanceof Reply.Ok ok && ok.value().equals("true");
  }

  /**
   * Asks the child how much validity its lease of {@code name} has left (local knowledge).
   *
   * @param name the lock name
   * @return milliseconds left; -1 when not valid or when the child does not answer
   */
  public long remaining(String name) {
    Reply r = client.call("remaining " + name, Timing.scaled(REPLY));
    return r instanceof Reply.Ok ok ? ok.asLong() : -1;
  }

  /**
   * Asks the child whether it still has a lease of {@code name} that the driver has not released
   * (after an acquire whose reply did not come).
   *
   * @param name the lock name
   * @return true if it has; false also when the child does not answer
   */
  public boolean hasLease(String name) {
    Reply r = client.call("held " + name, Timing.scaled(REPLY));
    return r instanceof Reply.Ok ok && ok.value().equals("true");
  }

  /**
   * Sells one unit: {@link #beginDecrement()} then {@link #finishDecrement()}.
   *
   * @return the outcome of the last step
   */
  public Reply decrement() {
    Reply r = beginDecrement();
    return r instanceof Reply.Ok ? finishDecrement() : r;
  }

  /**
   * Invokes a decrement of item {@code sku} and reads its stock, as {@link #beginDecrement()}.
   *
   * @param sku the item
   * @return the read's reply; {@link Reply.Ok} means {@link #finishDecrement()} or {@link
   *     #abandonDecrement()} must follow
   */
  public Reply beginDecrement(String sku) {
    this.sku = sku;
    return beginDecrement();
  }

  /**
   * Invokes a decrement and reads the stock with the current token (fenced if the run is guarded).
   * If the read fails, the decrement is over (recorded as not having happened: a read changes
   * nothing).
   *
   * @return the read's reply; {@link Reply.Ok} means {@link #finishDecrement()} must follow
   */
  public Reply beginDecrement() {
    if (decrement != null) {
      throw new IllegalStateException("client-" + process + " is already decrementing");
    }
    String item = sku == null ? run.sku() : sku;
    decrement = run.resource().invoke(process, "decrement", item, null);
    Reply r;
    if (run.guarded()) {
      Recorder.Pending g = run.guard().invoke(process, "read", item, List.of(token));
      r = client.call("fread " + item + " " + token, Timing.scaled(REPLY));
      completeGuard(g, r, true);
    } else {
      r = client.call("read " + item, Timing.scaled(REPLY));
    }
    if (r instanceof Reply.Ok ok && !ok.value().equals("none")) {
      readValue = ok.asLong();
      return r;
    }
    decrement.fail(null);
    decrement = null;
    sku = null;
    return r instanceof Reply.Ok ? new Reply.Error("no stock key") : r;
  }

  /**
   * Writes back the stock read by {@link #beginDecrement()} minus one, if it was positive, and
   * completes the decrement: ok with the new value, ok {@code false} when sold out, fail when the
   * guard rejected the write, info when the outcome is unknown.
   *
   * @return the write's reply ({@code ok false} when sold out)
   * @throws IllegalStateException if no decrement was begun
   */
  public Reply finishDecrement() {
    if (decrement == null) {
      throw new IllegalStateException("client-" + process + " has no decrement in progress");
    }
    Recorder.Pending d = decrement;
    String item = sku == null ? run.sku() : sku;
    decrement = null;
    sku = null;
    if (readValue <= 0) {
      d.ok(false);
      return new Reply.Ok("false");
    }
    long next = readValue - 1;
    Reply r;
    if (run.guarded()) {
      Recorder.Pending g = run.guard().invoke(process, "write", item, List.of(token, next));
      r = client.call("fwrite " + item + " " + next + " " + token, Timing.scaled(REPLY));
      completeGuard(g, r, false);
    } else {
      r = client.call("write " + item + " " + next, Timing.scaled(REPLY));
    }
    if (r instanceof Reply.Ok) {
      d.ok(next);
    } else if (r instanceof Reply.Stale) {
      d.fail(null);
    } else {
      d.info(null);
    }
    return r;
  }

  /**
   * Gives up a decrement begun by {@link #beginDecrement()} without writing, as a client does that
   * finds its lease no longer valid between its read and its write. Nothing was written, so the
   * decrement is recorded as failed (it definitely did not happen).
   *
   * @throws IllegalStateException if no decrement was begun
   */
  public void abandonDecrement() {
    if (decrement == null) {
      throw new IllegalStateException("client-" + process + " has no decrement in progress");
    }
    decrement.fail(null);
    decrement = null;
    sku = null;
  }

  private static void completeGuard(Recorder.Pending g, Reply r, boolean read) {
    if (r instanceof Reply.Ok ok) {
      g.ok(read ? (Object) parse(ok.value()) : Boolean.TRUE);
    } else if (r instanceof Reply.Stale) {
      g.ok(FencedRegister.STALE);
    } else {
      g.info(null);
    }
  }

  /** What an indeterminate reply said, kept in the history for whoever reads it. */
  private static String why(Reply r) {
    String s = r.toString();
    return s.length() > 300 ? s.substring(0, 300) : s;
  }

  private static Long parse(String v) {
    return v.equals("none") ? null : Long.valueOf(v);
  }

  @Override
  public String toString() {
    return "actor " + client;
  }
}
