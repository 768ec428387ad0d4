package dev.distlock.cluster;

/**
 * A server of the harness could not be started, controlled or stopped as asked: a binary is
 * missing, a server did not become ready before its deadline, a command to it failed. The message
 * names the server and, where there is one, its log file.
 */
public class HarnessException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /**
   * Creates an exception with a message.
   *
   * @param message what failed, naming the server
   */
  public HarnessException(String message) {
    super(message);
  }

  /**
   * Creates an exception with a message and a cause.
   *
   * @param message what failed, naming the server
   * @param cause the underlying failure, or null
   */
  public HarnessException(String message, Throwable cause) {
    super(message, cause);
  }
}
