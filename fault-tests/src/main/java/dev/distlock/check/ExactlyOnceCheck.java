package dev.distlock.check;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeSet;

/**
 * The idempotent-request check: every request's effect applied exactly once, and every answer that
 * claims a result gives the request's one true result (the one the resource recorded). Answers "in
 * progress" and errors claim nothing and are not judged. Input comes from the test's oracle (effect
 * applications counted where they happen) and the final state of the resource.
 */
public final class ExactlyOnceCheck {
  private ExactlyOnceCheck() {}

  /** What a submission got back. */
  public enum Kind {
    /** A result: run here or stored. */
    DONE,
    /** Another submission owns the request. */
    IN_PROGRESS,
    /** The client got an error (or died): no claim about the result. */
    ERROR
  }

  /**
   * One answer.
   *
   * @param requestId the request
   * @param client who sent it
   * @param kind what came back
   * @param result the result for {@link Kind#DONE}, else null
   * @param executedHere true if this submission ran the effect
   */
  public record Answer(
      String requestId, int client, Kind kind, String result, boolean executedHere) {
    public Answer {
      Objects.requireNonNull(requestId, "requestId");
      Objects.requireNonNull(kind, "kind");
    }
  }

  /**
   * The verdict.
   *
   * @param violations one line per broken request (empty: valid)
   * @param requests how many distinct requests were checked
   * @param duplicatesAnswered answers that did not run the effect (stored result or in progress)
   */
  public record Result(List<String> violations, int requests, int duplicatesAnswered) {
    public boolean valid() {
      return violations.isEmpty();
    }
  }

  /**
   * Checks.
   *
   * @param answers every answer of the run, final resolution included
   * @param applications how many times each request's effect was applied (absent: never)
   * @param recorded each request's result as the resource shows it after the run (absent: none)
   */
  public static Result check(
      List<Answer> answers, Map<String, Integer> applications, Map<String, String> recorded) {
    Set<String> requests = new TreeSet<>();
    answers.forEach(a -> requests.add(a.requestId()));
    List<String> violations = new ArrayList<>();
    for (String r : requests) {
      int n = applications.getOrDefault(r, 0);
      if (n != 1) {
        violations.add(r + ": effect applied " + n + " times");
      }
    }
    int duplicates = 0;
    for (Answer a : answers) {
      if (a.kind() == Kind.DONE && !a.result().equals(recorded.get(a.requestId()))) {
        violations.add(
            a.requestId()
                + ": client "
                + a.client()
                + " was told "
                + a.result()
                + ", the resource recorded "
                + recorded.get(a.requestId()));
      }
      if (a.kind() == Kind.IN_PROGRESS || a.kind() == Kind.DONE && !a.executedHere()) {
        duplicates++;
      }
    }
    return new Result(List.copyOf(violations), requests.size(), duplicates);
  }
}
