package dev.distlock.checker;

import dev.distlock.history.Values;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The result of a check: the verdict and the result of each partition.
 *
 * <p>The verdict is invalid if any partition is invalid, else unknown if any partition is unknown,
 * else valid. When the check stopped at the first invalid key, the other keys are valid (decided
 * before), unknown with reason {@code stopped} (interrupted) or {@code not-started}.
 *
 * @param verdict the overall verdict
 * @param model the model's name
 * @param ops the number of ops in the history (including failed ones)
 * @param partitions the result per key, in the order keys first appear
 * @param elapsedNanos time spent checking
 */
public record Result(
    Verdict verdict, String model, int ops, List<PartitionResult> partitions, long elapsedNanos) {

  /** True for {@link Verdict#VALID}. */
  public boolean isValid() {
    return verdict == Verdict.VALID;
  }

  /** The invalid partitions. */
  public List<PartitionResult> invalid() {
    List<PartitionResult> l = new ArrayList<>();
    for (PartitionResult p : partitions) {
      if (p.verdict() == Verdict.INVALID) {
        l.add(p);
      }
    }
    return l;
  }

  /** The partitions left unknown (whether their search started or not). */
  public List<PartitionResult> unknown() {
    List<PartitionResult> l = new ArrayList<>();
    for (PartitionResult p : partitions) {
      if (p.verdict() == Verdict.UNKNOWN) {
        l.add(p);
      }
    }
    return l;
  }

  /** How many partitions are valid, invalid, unknown (started) and not started, in that order. */
  public int[] counts() {
    int[] c = new int[4];
    for (PartitionResult p : partitions) {
      switch (p.verdict()) {
        case VALID -> c[0]++;
        case INVALID -> c[1]++;
        default -> c[p.started() ? 2 : 3]++;
      }
    }
    return c;
  }

  /**
   * A few lines for people: the verdict, the key counts, each invalid key's failure and each
   * unknown key's reason (at most 20 of each).
   */
  @Override
  public String toString() {
    int[] c = counts();
    StringBuilder sb = new StringBuilder();
    sb.append(model)
        .append(": ")
        .append(verdict.name().toLowerCase(java.util.Locale.ROOT))
        .append(" (")
        .append(ops)
        .append(" ops, ")
        .append(partitions.size())
        .append(" keys: ")
        .append(c[0])
        .append(" valid, ")
        .append(c[1])
        .append(" invalid, ")
        .append(c[2])
        .append(" unknown, ")
        .append(c[3])
        .append(" not started; ")
        .append(elapsedNanos / 1_000_000)
        .append(" ms)");
    int shown = 0;
    for (PartitionResult p : partitions) {
      if (p.verdict() == Verdict.INVALID && shown++ < 20) {
        sb.append("\n  ").append(p);
      }
    }
    shown = 0;
    for (PartitionResult p : partitions) {
      if (p.verdict() == Verdict.UNKNOWN && p.started() && shown++ < 20) {
        sb.append("\n  ").append(p);
      }
    }
    return sb.toString();
  }

  /** The verdict as one JSON line (see docs/checker.md). */
  public String toJson() {
    return toJson(Map.of());
  }

  /**
   * The verdict as one JSON line, with the path of the timeline written for each invalid key.
   *
   * @param timelines timeline file per invalid partition key (null key allowed)
   */
  public String toJson(Map<String, String> timelines) {
    Map<String, String> tls = new java.util.HashMap<>(timelines); // allows the null key
    StringBuilder sb = new StringBuilder(256);
    sb.append("{\"valid\":").append(verdict.json());
    sb.append(",\"model\":");
    Values.appendJsonString(sb, model);
    sb.append(",\"ops\":").append(ops);
    sb.append(",\"partitions\":").append(partitions.size());
    List<PartitionResult> inv = invalid();
    List<PartitionResult> unk = new ArrayList<>();
    for (PartitionResult p : unknown()) {
      if (p.started()) {
        unk.add(p);
      }
    }
    int[] c = counts();
    sb.append(",\"valid_partitions\":").append(c[0]);
    sb.append(",\"invalid_partitions\":").append(c[1]);
    sb.append(",\"unknown_partitions\":").append(c[2]);
    sb.append(",\"not_started_partitions\":").append(c[3]);
    sb.append(",\"elapsed_ms\":").append(elapsedNanos / 1_000_000);
    if (!unk.isEmpty()) {
      sb.append(",\"unknown\":[");
      int shown = 0;
      for (PartitionResult p : unk) {
        if (shown++ == 20) {
          break;
        }
        if (shown > 1) {
          sb.append(',');
        }
        sb.append("{\"key\":");
        Values.appendJson(sb, p.key());
        sb.append(",\"ops\":").append(p.ops());
        sb.append(",\"reason\":");
        Values.appendJson(sb, p.reason());
        sb.append('}');
      }
      sb.append(']');
    }
    if (!inv.isEmpty()) {
      sb.append(",\"failures\":[");
      int shown = 0;
      for (PartitionResult p : inv) {
        if (shown++ == 20) {
          break;
        }
        if (shown > 1) {
          sb.append(',');
        }
        Failure f = p.failure();
        sb.append("{\"key\":");
        Values.appendJson(sb, p.key());
        sb.append(",\"ops\":").append(p.ops());
        sb.append(",\"op\":").append(f.blocking().toJson());
        sb.append(",\"linearized\":").append(f.linearized().size());
        sb.append(",\"state\":");
        Values.appendJsonString(sb, f.stateAtFailure());
        String tl = tls.get(p.key());
        if (tl != null) {
          sb.append(",\"timeline\":");
          Values.appendJsonString(sb, tl);
        }
        sb.append('}');
      }
      sb.append(']');
    }
    sb.append('}');
    return sb.toString();
  }
}
