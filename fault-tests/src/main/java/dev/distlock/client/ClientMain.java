package dev.distlock.client;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.PrintWriter;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The child side of a lock client: builds one {@link dev.distlock.LockClient} from a {@link
 * ClientSpec}, connects back to the driving JVM and answers one command per line.
 *
 * <p>The protocol runs over a loopback socket rather than stdin/stdout because the harness sends a
 * child's stdout to its log file. Each request is {@code <id> <command> <args...>} and each reply
 * {@code <id> <reply>}; the id lets the driver drop the late reply of a request it gave up on (e.g.
 * sent just before a pause). Commands:
 *
 * <pre>
 * acquire NAME WAIT_MS      -> ok TOKEN | timeout | error MSG
 * release NAME              -> ok | error MSG
 * valid NAME                -> ok true|false
 * fread KEY TOKEN           -> ok VALUE|none | stale HIGHEST | error MSG   (through the guard)
 * fwrite KEY VALUE TOKEN    -> ok | stale HIGHEST | error MSG              (through the guard)
 * read KEY                  -> ok VALUE|none | error MSG                   (unguarded)
 * write KEY VALUE           -> ok | error MSG                              (unguarded)
 * held NAME                 -> ok true|false   (the child has a lease of NAME not yet released)
 * remaining NAME            -> ok MS           (validity left; -1 when not valid)
 * close-client              -> ok threads=... (closes the lock client, reports leaks; see below)
 * quit                      -> ok, then exit
 * </pre>
 *
 * Commands run one at a time on one command thread, so a SIGSTOP between two commands freezes the
 * client between them. Probes ({@code probe-inflight}, {@code probe-leases}, {@code probe-clock})
 * are answered at once by the reading thread, even while a command is blocked: they report what the
 * child's threads are doing (see {@link Probes}). The first line sent is {@code ready}. The child
 * exits when the driver closes the connection, so it cannot outlive the test JVM for long.
 */
public final class ClientMain {
  private ClientMain() {}

  /**
   * Runs the client.
   *
   * @param args {@code parentPort=N} and the {@link ClientSpec#toArgs()} arguments
   * @throws IOException if the driver cannot be reached
   */
  public static void main(String[] args) throws IOException {
    int parentPort = -1;
    for (String a : args) {
      if (a.startsWith("parentPort=")) {
        parentPort = Integer.parseInt(a.substring("parentPort=".length()));
      }
    }
    ClientSpec spec = ClientSpec.parse(List.of(args));
    int exit = 0;
    try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), parentPort);
        BufferedReader in =
            new BufferedReader(
                new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        PrintWriter out =
            new PrintWriter(
                new OutputStreamWriter(socket.getOutputStream(), StandardCharsets.UTF_8), true);
        ClientSession session = ClientSession.open(spec)) {
      out.println("ready");
      // One command thread keeps commands in order; the reading thread stays free for probes.
      ExecutorService commands =
          Executors.newSingleThreadExecutor(
              r -> {
                Thread t = new Thread(r, "client-commands");
                t.setDaemon(true);
                return t;
              });
      String line;
      while ((line = in.readLine()) != null) {
        int sp = line.indexOf(' ');
        String id = sp < 0 ? line : line.substring(0, sp);
        String command = sp < 0 ? "" : line.substring(sp + 1);
        if (command.startsWith("probe-")) {
          String reply = session.probe(command);
          synchronized (out) {
            out.println(id + " " + reply);
          }
          continue;
        }
        Future<?> done =
            commands.submit(
                () -> {
                  String reply = session.handle(command);
                  synchronized (out) {
                    out.println(id + " " + reply);
                  }
                });
        if (command.equals("quit")) {
          waitFor(done);
          break;
        }
      }
    } catch (RuntimeException e) {
      e.printStackTrace();
      exit = 1;
    }
    // Curator and Jedis leave non-daemon threads behind; the client is done either way.
    System.exit(exit);
  }

  private static void waitFor(Future<?> f) {
    try {
      f.get(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // Quitting anyway.
    }
  }
}
