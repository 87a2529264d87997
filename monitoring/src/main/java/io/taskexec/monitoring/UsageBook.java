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

  private static final class PerType {
    final MetricStats cpuSeconds = new MetricStats();
    final MetricStats meanCores = new MetricStats();
    final MetricStats peakMemory = new MetricStats();
    Requirements last = Requirements.NONE;
  }

  void add(TaskUsage u, Requirements requested) {
    PerType p = types.computeIfAbsent(u.type(), k -> new PerType());
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
      types.forEach((type, t) -> out.add(usage(type, t)));
      all = List.copyOf(out);
      dirty = false;
    }
    return all;
  }
}
