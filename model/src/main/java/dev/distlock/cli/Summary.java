package dev.distlock.cli;

import dev.distlock.checker.Failure;
import dev.distlock.checker.PartitionResult;
import dev.distlock.checker.Result;
import dev.distlock.checker.Verdict;
import dev.distlock.history.Op;
import dev.distlock.model.Model;
import java.util.Locale;
import java.util.Map;

/** The few lines for people the command prints on standard error, in the model's own words. */
final class Summary {
  private static final int MAX = 10;

  private Summary() {}

  @SuppressWarnings({"unchecked", "rawtypes"})
  static String of(Model<?> model, Result r, Map<String, String> timelines) {
    Model m = model;
    int[] c = r.counts();
    StringBuilder sb = new StringBuilder();
    sb.append(
            r.verdict() == Verdict.VALID
                ? "linearizable"
                : r.verdict() == Verdict.INVALID ? "NOT linearizable" : "unknown")
        .append(
            String.format(
                Locale.ROOT,
                " (%s, %d ops, %d keys: %d valid, %d invalid, %d unknown, %d not started; %d ms)%n",
                r.model(),
                r.ops(),
                r.partitions().size(),
                c[0],
                c[1],
                c[2],
                c[3],
                r.elapsedNanos() / 1_000_000));
    int shown = 0;
    for (PartitionResult p : r.invalid()) {
      if (shown++ == MAX) {
        sb.append("  ...\n");
        break;
      }
      Failure f = p.failure();
      Op b = f.blocking();
      sb.append("  ").append(key(p)).append(": after ").append(f.linearized().size());
      sb.append(" linearized ops the state is ").append(f.stateAtFailure()).append(";\n");
      String d = m.describeOperation(b);
      sb.append("    ")
          .append(d.startsWith("p" + b.process() + " ") ? "" : "p" + b.process() + " ");
      sb.append(d);
      sb.append(" (index ")
          .append(b.invokeIndex())
          .append(") cannot take effect before it returns\n");
      String tl = timelines.get(p.key());
      if (tl != null) {
        sb.append("    timeline: ").append(tl).append('\n');
      }
    }
    shown = 0;
    for (PartitionResult p : r.unknown()) {
      if (!p.started() || p.reason().equals("stopped")) {
        continue;
      }
      if (shown++ == MAX) {
        sb.append("  ...\n");
        break;
      }
      sb.append("  ").append(key(p)).append(": unknown (").append(reason(p.reason())).append(")\n");
    }
    return sb.toString();
  }

  private static String key(PartitionResult p) {
    return p.key() == null ? "history" : "key \"" + p.key() + "\"";
  }

  private static String reason(String r) {
    return switch (r) {
      case "timeout" -> "deadline reached; raise --timeout";
      case "memory-budget" -> "memory budget used up; raise --memory or the heap (-Xmx)";
      case "heap" -> "the JVM heap ran out; raise -Xmx";
      case "cancelled" -> "cancelled";
      default -> r;
    };
  }
}
