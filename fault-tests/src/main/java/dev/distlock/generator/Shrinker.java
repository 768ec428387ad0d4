package dev.distlock.generator;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * Looks for a smaller plan that still fails: drops fault steps, halves windows, hits fewer nodes,
 * uses fewer clients, rounds and ops. Greedy: the first smaller candidate that still fails becomes
 * the current plan, until no candidate fails or the attempts run out. Each attempt is one real run,
 * so the budget is small; the result is the smallest plan found, not a minimum.
 */
public final class Shrinker {
  private static final Duration SHORTEST = Duration.ofMillis(100);

  private Shrinker() {}

  /**
   * The outcome of a shrink.
   *
   * @param original the failing plan shrinking started from
   * @param smallest the smallest plan found that still fails ({@code original} if none)
   * @param attempts how many candidates were run
   * @param steps how many of them still failed and were kept
   */
  public record Result<P extends RunPlan>(P original, P smallest, int attempts, int steps) {}

  /**
   * Shrinks {@code failing}.
   *
   * @param failing a plan for which {@code stillFails} holds
   * @param stillFails runs a candidate and says whether it still shows the violation
   * @param maxAttempts the most candidates to run
   * @return the smallest plan found
   */
  public static Result<Plan> shrink(Plan failing, Predicate<Plan> stillFails, int maxAttempts) {
    return search(failing, Shrinker::candidates, stillFails, maxAttempts);
  }

  /**
   * Shrinks a failing continuous plan: drops faults, halves windows, narrows targets, removes
   * clients, halves the run, drops lock names ({@link LoadGenerator#candidates}).
   *
   * @param failing a plan for which {@code stillFails} holds
   * @param stillFails runs a candidate and says whether it still shows the violation
   * @param maxAttempts the most candidates to run
   * @return the smallest plan found
   */
  public static Result<LoadPlan> shrink(
      LoadPlan failing, Predicate<LoadPlan> stillFails, int maxAttempts) {
    return search(failing, LoadGenerator::candidates, stillFails, maxAttempts);
  }

  private static <P extends RunPlan> Result<P> search(
      P failing,
      java.util.function.Function<P, List<P>> candidates,
      Predicate<P> stillFails,
      int maxAttempts) {
    P current = failing;
    int attempts = 0;
    int steps = 0;
    boolean progress = true;
    while (progress && attempts < maxAttempts) {
      progress = false;
      for (P candidate : candidates.apply(current)) {
        if (attempts >= maxAttempts) {
          break;
        }
        attempts++;
        if (stillFails.test(candidate)) {
          current = candidate;
          steps++;
          progress = true;
          break;
        }
      }
    }
    return new Result<>(failing, current, attempts, steps);
  }

  /**
   * Returns the one-step shrinks of a plan, most promising first; each is strictly lighter.
   *
   * @param p the plan
   * @return the candidates
   */
  public static List<Plan> candidates(Plan p) {
    List<Plan> out = new ArrayList<>();
    List<FaultStep> s = p.schedule();
    for (int i = s.size() - 1; i >= 0; i--) {
      List<FaultStep> fewer = new ArrayList<>(s);
      fewer.remove(i);
      out.add(with(p, p.clients(), p.rounds(), p.extraHolds(), p.decrementsPerHold(), fewer));
    }
    for (int i = 0; i < s.size(); i++) {
      FaultStep st = s.get(i);
      if (st.window().compareTo(SHORTEST.multipliedBy(2)) >= 0) {
        List<FaultStep> shorter = new ArrayList<>(s);
        shorter.set(i, st.withWindow(st.window().dividedBy(2)));
        out.add(with(p, p.clients(), p.rounds(), p.extraHolds(), p.decrementsPerHold(), shorter));
      }
      if (st.nodes() > 1) {
        List<FaultStep> narrower = new ArrayList<>(s);
        narrower.set(
            i, new FaultStep(st.fault(), st.round(), st.nodes() - 1, st.window(), st.size()));
        out.add(with(p, p.clients(), p.rounds(), p.extraHolds(), p.decrementsPerHold(), narrower));
      }
    }
    if (p.clients() > 2) {
      out.add(with(p, p.clients() - 1, p.rounds(), p.extraHolds(), p.decrementsPerHold(), s));
    }
    int lastFaultRound = s.stream().mapToInt(FaultStep::round).max().orElse(-1);
    if (p.rounds() > Math.max(1, lastFaultRound + 1)) {
      out.add(with(p, p.clients(), p.rounds() - 1, p.extraHolds(), p.decrementsPerHold(), s));
    }
    if (p.extraHolds() > 0) {
      out.add(with(p, p.clients(), p.rounds(), p.extraHolds() - 1, p.decrementsPerHold(), s));
    }
    if (p.decrementsPerHold() > 1) {
      out.add(with(p, p.clients(), p.rounds(), p.extraHolds(), p.decrementsPerHold() - 1, s));
    }
    return out;
  }

  private static Plan with(
      Plan p, int clients, int rounds, int holds, int decrements, List<FaultStep> schedule) {
    return new Plan(
        p.seed(),
        p.kind(),
        p.guarded(),
        p.column(),
        clients,
        rounds,
        holds,
        decrements,
        p.ttl(),
        schedule);
  }
}
