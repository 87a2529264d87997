package io.taskexec.monitoring;

import io.taskexec.store.MetricSummary;
import org.HdrHistogram.DoubleHistogram;

/**
 * The statistics of one metric: count, min, max and mean exactly, p50/p95/p99 from an HdrHistogram
 * with two significant digits (a 1% error, a few kilobytes). Negative values count in min, max
 * and mean, and as zero in the percentiles. Not thread-safe: the monitoring thread owns it.
 */
final class MetricStats {
  private final DoubleHistogram histogram = new DoubleHistogram(2);
  private long count;
  private double min = Double.POSITIVE_INFINITY;
  private double max = Double.NEGATIVE_INFINITY;
  private double sum;

  void record(double v) {
    if (!Double.isFinite(v)) return;
    count++;
    min = Math.min(min, v);
    max = Math.max(max, v);
    sum += v;
    try {
      histogram.recordValue(Math.max(0, v));
    } catch (ArrayIndexOutOfBoundsException e) {
      // beyond the histogram's dynamic range next to values already recorded: min/max/mean still count it
    }
  }

  long count() {
    return count;
  }

  double min() {
    return count == 0 ? 0 : min;
  }

  double max() {
    return count == 0 ? 0 : max;
  }

  double mean() {
    return count == 0 ? 0 : sum / count;
  }

  double percentile(double p) {
    return count == 0 ? 0 : histogram.getValueAtPercentile(p);
  }

  MetricSummary summary(String taskId, String name) {
    return new MetricSummary(taskId, name, count, min(), max(), mean(), percentile(50), percentile(95), percentile(99));
  }
}
