package io.taskexec.reporting.model;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Turns the attempt log into the Gantt lanes and the utilisation series: a fixed number of time
 * buckets, each attempt's run time spread over the buckets it overlaps. Cost O(attempts x buckets
 * they cover); memory O(agents x buckets).
 */
final class TimeBuckets {
  /** A run with at most this many attempts draws each one on the Gantt; a larger one draws load. */
  static final int MAX_BARS = 600;
  static final int LANE_BUCKETS = 240;
  static final int UTIL_BUCKETS = 120;
  /** Lanes beyond this many agents are merged into one. */
  static final int MAX_LANES = 40;

  private TimeBuckets() {}

  static RunReport.Timeline timeline(AttemptLog log, List<String> agents, List<String> taskIds, String[] outcomes) {
    if (log.size == 0) return new RunReport.Timeline(null, null, 0, false, List.of());
    long t0 = log.minStart(), t1 = Math.max(log.maxEnd(), t0 + 1);
    double width = (t1 - t0) / (double) LANE_BUCKETS;
    int lanes = Math.min(agents.size(), MAX_LANES);
    boolean merged = agents.size() > MAX_LANES;
    double[][] load = new double[lanes][LANE_BUCKETS];
    long[] count = new long[lanes];
    boolean bars = log.size <= MAX_BARS;
    List<List<RunReport.Bar>> laneBars = new ArrayList<>();
    for (int l = 0; l < lanes; l++) laneBars.add(new ArrayList<>());
    for (int i = 0; i < log.size; i++) {
      int lane = Math.min(log.agent[i], lanes - 1);
      count[lane]++;
      spread(load[lane], log.startMs[i] - t0, log.endMs[i] - t0, width, 1);
      if (bars) {
        laneBars.get(lane).add(new RunReport.Bar(taskIds.get(log.task[i]), log.attempt[i], (log.startMs[i] - t0) / 1000.0,
            (log.endMs[i] - t0) / 1000.0, outcomes[log.outcome[i]]));
      }
    }
    List<RunReport.Lane> out = new ArrayList<>(lanes);
    for (int l = 0; l < lanes; l++) {
      String name = merged && l == lanes - 1 ? "other agents (" + (agents.size() - lanes + 1) + ")" : agents.get(l);
      out.add(new RunReport.Lane(name, count[l], laneBars.get(l), rounded(load[l])));
    }
    return new RunReport.Timeline(Instant.ofEpochMilli(t0).toString(), Instant.ofEpochMilli(t1).toString(),
        width / 1000.0, !bars, out);
  }

  static RunReport.Utilisation utilisation(AttemptLog log, Double capacityCores) {
    if (log.size == 0) return new RunReport.Utilisation(null, 0, capacityCores, false, List.of());
    long t0 = log.minStart(), t1 = Math.max(log.maxEnd(), t0 + 1);
    double width = (t1 - t0) / (double) UTIL_BUCKETS;
    double[] running = new double[UTIL_BUCKETS], cores = new double[UTIL_BUCKETS], mem = new double[UTIL_BUCKETS];
    double[] gpus = new double[UTIL_BUCKETS], used = new double[UTIL_BUCKETS];
    boolean measured = false;
    for (int i = 0; i < log.size; i++) {
      long a = log.startMs[i] - t0, b = log.endMs[i] - t0;
      spread(running, a, b, width, 1);
      spread(cores, a, b, width, log.cores[i]);
      spread(mem, a, b, width, log.memoryGb[i]);
      if (log.gpus[i] > 0) spread(gpus, a, b, width, log.gpus[i]);
      if (!Float.isNaN(log.usedCores[i])) {
        measured = true;
        spread(used, a, b, width, log.usedCores[i]);
      }
    }
    List<RunReport.Point> points = new ArrayList<>(UTIL_BUCKETS);
    for (int k = 0; k < UTIL_BUCKETS; k++) {
      points.add(new RunReport.Point(round(k * width / 1000.0), round(running[k]), round(cores[k]), round(mem[k]),
          round(gpus[k]), measured ? round(used[k]) : null));
    }
    return new RunReport.Utilisation(Instant.ofEpochMilli(t0).toString(), width / 1000.0, capacityCores, measured, points);
  }

  /** Adds {@code weight} x the share of each bucket that [a, b) covers. */
  private static void spread(double[] buckets, long a, long b, double width, double weight) {
    if (b <= a) return;
    int first = (int) Math.min(buckets.length - 1, a / width);
    int last = (int) Math.min(buckets.length - 1, (b - 1) / width);
    for (int k = first; k <= last; k++) {
      double lo = Math.max(a, k * width), hi = Math.min(b, (k + 1) * width);
      if (hi > lo) buckets[k] += weight * (hi - lo) / width;
    }
  }

  private static List<Double> rounded(double[] v) {
    List<Double> out = new ArrayList<>(v.length);
    for (double d : v) out.add(round(d));
    return out;
  }

  static double round(double d) {
    return Math.round(d * 1000) / 1000.0;
  }
}
