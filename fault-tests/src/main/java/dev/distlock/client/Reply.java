package dev.distlock.client;

/**
 * One reply of a child client, as the driving JVM sees it. A closed set: the outcome of every
 * command is one of these, and {@link NoReply} stands for a child that did not answer in time (for
 * instance because it is paused), whose command may or may not have taken effect.
 */
public sealed interface Reply {
  /**
   * The command succeeded.
   *
   * @param value the result (a token, a value, "none"), or empty
   */
  record Ok(String value) implements Reply {
    /**
     * Returns the value as a number.
     *
     * @return the value
     * @throws NumberFormatException if it is not one
     */
    public long asLong() {
      return Long.parseLong(value);
    }
  }

  /** An acquire did not get the lock within its wait: definitely not acquired. */
  record Timeout() implements Reply {}

  /**
   * The guard rejected an access: a newer token has been seen. Nothing changed.
   *
   * @param highest the highest token the resource had seen
   */
  record Stale(long highest) implements Reply {}

  /**
   * The command failed in the child (backend unreachable, lease lost, bad command); whether it took
   * effect is unknown unless the command says otherwise.
   *
   * @param message what the child reported
   */
  record Error(String message) implements Reply {}

  /**
   * The child did not answer before the deadline (paused, hung or dead); the command may still take
   * effect later.
   *
   * @param why a description for messages
   */
  record NoReply(String why) implements Reply {}

  /**
   * Parses one reply line of the protocol (without the request id).
   *
   * @param line "ok", "ok VALUE", "timeout", "stale N" or "error MESSAGE"
   * @return the reply; an unknown line becomes an {@link Error}
   */
  static Reply parse(String line) {
    String head = line;
    String rest = "";
    int sp = line.indexOf(' ');
    if (sp >= 0) {
      head = line.substring(0, sp);
      rest = line.substring(sp + 1);
    }
    return switch (head) {
      case "ok" -> new Ok(rest);
      case "timeout" -> new Timeout();
      case "stale" -> new Stale(Long.parseLong(rest.trim()));
      case "error" -> new Error(rest);
      default -> new Error("unparsable reply: " + line);
    };
  }
}
