package dev.distlock.history;

/** A history that is not well-formed; {@link #line()} says where. */
public final class HistoryFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final long line;
  private final String reason;

  /**
   * @param line 1-based line number (for histories built in memory: the event's 1-based position)
   * @param reason what is wrong
   */
  public HistoryFormatException(long line, String reason) {
    this(line, reason, null);
  }

  /** As {@link #HistoryFormatException(long, String)}, with a cause. */
  public HistoryFormatException(long line, String reason, Throwable cause) {
    super("line " + line + ": " + reason, cause);
    this.line = line;
    this.reason = reason;
  }

  /** The 1-based line number of the offending line. */
  public long line() {
    return line;
  }

  /** The problem, without the line number. */
  public String reason() {
    return reason;
  }
}
