package dev.distlock.client;

import dev.distlock.cluster.ChildJvm;
import dev.distlock.cluster.ClockShift;
import dev.distlock.cluster.HarnessException;
import dev.distlock.cluster.ManagedProcess;
import dev.distlock.cluster.Processes;
import dev.distlock.cluster.Timing;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The driving side of one lock client in a child JVM ({@link ClientMain}): starts it through the
 * harness (registered, so cleanup kills it), sends commands and waits for each reply with a
 * deadline, and freezes or thaws the whole JVM with SIGSTOP/SIGCONT.
 *
 * <p>A request whose reply does not come in time returns {@link Reply.NoReply}; the reply, if it
 * comes later, is dropped. One request at a time: {@link #call} is synchronized. {@link #close()}
 * resumes a paused child, asks it to quit and kills it if it does not.
 */
public final class ClientProcess implements AutoCloseable {
  private static final List<String> JVM_FLAGS = List.of("-Xshare:auto");

  private final int id;
  private final ManagedProcess process;
  private final ClockShift clock;
  private final Socket socket;
  private final PrintWriter out;
  private final AtomicLong nextRequest = new AtomicLong();
  private final Map<Long, ArrayBlockingQueue<String>> waiting = new ConcurrentHashMap<>();
  private volatile boolean closed;

  private ClientProcess(int id, ManagedProcess process, ClockShift clock, Socket socket)
      throws IOException {
    this.id = id;
    this.process = process;
    this.clock = clock;
    this.socket = socket;
    this.out =
        new PrintWriter(
            new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
  }

  /**
   * Starts a child client and waits until it has built its lock client and connected back.
   *
   * @param id the client's process number in histories; also names its log file
   * @param spec what the child connects to
   * @param logDir where its log goes ({@code client-<id>.log})
   * @return the ready client
   * @throws HarnessException if the child exits or is not ready within 30 s (scaled)
   */
  public static ClientProcess start(int id, ClientSpec spec, Path logDir) {
    return start(id, spec, logDir, false);
  }

  /**
   * Starts a child client, optionally under the clock-shift preload library, so that a test can
   * jump the child's wall clock ({@link #clock()}) while it runs; its monotonic clock stays true.
   *
   * @param id the client's process number in histories; also names its log file
   * @param spec what the child connects to
   * @param logDir where its log goes ({@code client-<id>.log}) and, when shifted, its clock offset
   *     file ({@code client-<id>.clock-offset})
   * @param shiftedClock whether the child runs under the clock-shift library
   * @return the ready client
   * @throws HarnessException if the child exits or is not ready within 30 s (scaled), or the
   *     library cannot be built
   */
  public static ClientProcess start(int id, ClientSpec spec, Path logDir, boolean shiftedClock) {
    Duration limit = Timing.seconds(30);
    try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      List<String> args = new ArrayList<>(spec.toArgs());
      args.add("parentPort=" + server.getLocalPort());
      List<String> cmd = ChildJvm.command(ClientMain.class.getName(), "64m", JVM_FLAGS, args);
      ProcessBuilder pb = new ProcessBuilder(cmd);
      ClockShift clock = null;
      if (shiftedClock) {
        clock = ClockShift.forChildJvm(logDir.resolve("client-" + id + ".clock-offset"));
        pb.environment().putAll(clock.childEnvironment(pb.environment().get("LD_PRELOAD")));
      }
      ManagedProcess p =
          Processes.start("client-" + id, pb, logDir.resolve("client-" + id + ".log"));
      long end = System.nanoTime() + limit.toNanos();
      server.setSoTimeout(250);
      Socket socket = null;
      while (socket == null) {
        try {
          socket = server.accept();
        } catch (SocketTimeoutException e) {
          if (!p.isAlive() || System.nanoTime() - end > 0) {
            p.kill();
            throw new HarnessException(
                "client-" + id + " did not connect in " + limit + "; log:\n" + p.logTail(30));
          }
        }
      }
      ClientProcess client = new ClientProcess(id, p, clock, socket);
      client.startReader(limit);
      return client;
    } catch (IOException e) {
      throw new HarnessException("could not start client-" + id, e);
    }
  }

  private void startReader(Duration readyLimit) throws IOException {
    BufferedReader in =
        new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    socket.setSoTimeout(Math.toIntExact(readyLimit.toMillis()));
    String first = in.readLine();
    if (!"ready".equals(first)) {
      process.kill();
      throw new HarnessException(
          "client-" + id + " did not report ready (" + first + "); log:\n" + process.logTail(30));
    }
    socket.setSoTimeout(0);
    Thread reader =
        new Thread(
            () -> {
              try {
                String line;
                while ((line = in.readLine()) != null) {
                  int sp = line.indexOf(' ');
                  long rid = Long.parseLong(sp < 0 ? line : line.substring(0, sp));
                  ArrayBlockingQueue<String> q = waiting.get(rid);
                  // A caller that gave up has removed its queue: a late reply is dropped.
                  if (q != null) {
                    q.offer(sp < 0 ? "" : line.substring(sp + 1));
                  }
                }
              } catch (IOException | RuntimeException e) {
                // The connection ended: the child quit or was killed; callers time out.
              }
            },
            "client-" + id + "-replies");
    reader.setDaemon(true);
    reader.start();
  }

  /**
   * Returns the client's process number in histories.
   *
   * @return the id given at start
   */
  public int id() {
    return id;
  }

  /**
   * Returns the child JVM, for its pid and log.
   *
   * @return the process
   */
  public ManagedProcess process() {
    return process;
  }

  /**
   * Returns the offset of the child's wall clock, for a clock jump.
   *
   * @return the clock shift
   * @throws IllegalStateException if the child was started without the clock-shift library
   */
  public ClockShift clock() {
    if (clock == null) {
      throw new IllegalStateException(this + " was started without a shifted clock");
    }
    return clock;
  }

  /**
   * Sends one command and waits for its reply.
   *
   * @param command e.g. "acquire order-1 2000"
   * @param deadline how long to wait for the reply
   * @return the reply, or {@link Reply.NoReply} if none came in time or the child is gone
   */
  public synchronized Reply call(String command, Duration deadline) {
    return send(command, deadline);
  }

  /**
   * Sends a probe ({@code probe-inflight}, {@code probe-leases}, {@code probe-clock}) and waits for
   * its reply. Unlike {@link #call}, a probe does not wait for the command under way: the child
   * answers it at once from its reading thread (unless the child is paused).
   *
   * @param probe the probe command
   * @param deadline how long to wait for the reply
   * @return the reply, or {@link Reply.NoReply}
   */
  public Reply probe(String probe, Duration deadline) {
    if (!probe.startsWith("probe-")) {
      throw new IllegalArgumentException("not a probe: " + probe);
    }
    return send(probe, deadline);
  }

  private Reply send(String command, Duration deadline) {
    if (closed || !process.isAlive()) {
      return new Reply.NoReply("client-" + id + " is not running");
    }
    long rid = nextRequest.incrementAndGet();
    ArrayBlockingQueue<String> q = new ArrayBlockingQueue<>(1);
    waiting.put(rid, q);
    try {
      out.println(rid + " " + command);
      String line = q.poll(deadline.toMillis(), TimeUnit.MILLISECONDS);
      return line == null
          ? new Reply.NoReply("no reply from client-" + id + " to '" + command + "' in " + deadline)
          : Reply.parse(line);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Reply.NoReply("interrupted");
    } finally {
      waiting.remove(rid);
    }
  }

  /** Freezes the whole client JVM (SIGSTOP): no thread runs, the watchdog included. */
  public void pause() {
    process.pause();
  }

  /** Lets a paused client JVM run again (SIGCONT). */
  public void resume() {
    process.resume();
  }

  /**
   * Tells whether the client is paused by {@link #pause()}.
   *
   * @return true while frozen
   */
  public boolean isPaused() {
    return process.isPaused();
  }

  /** Resumes the child if paused, asks it to quit, and kills it if it has not exited soon after. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    try {
      if (process.isPaused()) {
        process.resume();
      }
      if (process.isAlive()) {
        call("quit", Duration.ofSeconds(2));
      }
    } catch (RuntimeException e) {
      // Fall through to the kill below.
    } finally {
      closed = true;
      if (!process.waitFor(Duration.ofSeconds(3))) {
        process.kill();
      }
      try {
        socket.close();
      } catch (IOException e) {
        // Nothing left to do.
      }
    }
  }

  @Override
  public String toString() {
    return "client-" + id + "(" + process + ")";
  }
}
