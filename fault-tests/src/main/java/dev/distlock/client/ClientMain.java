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
 * quit                      -> ok, then exit
 * </pre>
 *
 * Commands run one at a time on the main thread, so a SIGSTOP between two commands freezes the
 * client between them. The first line sent is {@code ready}. The child exits when the driver closes
 * the connection, so it cannot outlive the test JVM for long.
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
      String line;
      while ((line = in.readLine()) != null) {
        int sp = line.indexOf(' ');
        String id = sp < 0 ? line : line.substring(0, sp);
        String command = sp < 0 ? "" : line.substring(sp + 1);
        out.println(id + " " + session.handle(command));
        if (command.equals("quit")) {
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
}
