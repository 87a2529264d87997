package io.taskexec.monitoring;

import io.taskexec.task.Requirements;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Requested against used per task type, over the type's ended tasks, and the request it would be
 * wise to make: the p95 of use plus headroom. Monitoring thread only; {@link #all} is a copy.
 */
final class UsageBook {
  private final double headroom;
  private final Map<String, PerType> types = new TreeMap<>();
  private List<TypeUsage> all = List.of();
  private boolean dirty;

  UsageBook(double headroom) {
    this.headroom = headroom;
  }

  /** One type's figures; {@link #of} hands it out so that callers keep it rather than look it up per task. */
  static final class PerType {
    final MetricStats cpuSeconds = new MetricStats();
    final MetricStats meanCores = new MetricStats();
    final MetricStats peakMemory = new MetricStats();
    Requirements last = Requirements.NONE;
  }

  /** The figures of {@code type}, created on first use. */
  PerType of(String type) {
    return types.computeIfAbsent(type, k -> new PerType());
  }

  /** Adds an ended task of {@code p}'s type. */
  void add(PerType p, TaskUsage u, Requirements requested) {
    p.cpuSeconds.record(u.cpuSeconds());
    if (u.runSeconds() > 0) p.meanCores.record(u.cpuSeconds() / u.runSeconds());
    if (u.peakMemoryBytes() > 0) p.peakMemory.record(u.peakMemoryBytes());
    p.last = requested;
    dirty = true; // percentiles are computed when asked for (once a sampling round), not per task
  }

  private TypeUsage usage(String type, PerType t) {
    double cores = t.meanCores.percentile(95);
    double mem = t.peakMemory.percentile(95);
    return new TypeUsage(type, t.cpuSeconds.count(), t.cpuSeconds.percentile(95), cores, mem,
        t.last.cpuCores(), t.last.memoryGb() * TaskMonitor.GIB, cores * (1 + headroom), mem * (1 + headroom));
  }

  /** Every type's figures now; an immutable list. */
  List<TypeUsage> all() {
    if (dirty) {
      List<TypeUsage> out = new ArrayList<>(types.size());
      types.forEach((type, t) -> {
        if (t.cpuSeconds.count() > 0) out.add(usage(type, t)); // a type is listed once one of its tasks ended
      });
      all = List.copyOf(out);
      dirty = false;
    }
    return all;
  }
}
