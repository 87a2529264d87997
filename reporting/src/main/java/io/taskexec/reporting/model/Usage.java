package io.taskexec.reporting.model;

import io.taskexec.store.AttemptRow;
import io.taskexec.store.MetricSummary;
import java.time.Duration;
import java.util.List;

/**
 * What a task used, as its metric summaries tell it; every figure is null when not measured. The
 * names read (the monitoring module writes them): {@value #CPU_SECONDS} (max = the CPU seconds of
 * the task's processes), else {@value #CPU_PERCENT} (mean, 100 = one core busy, times the run time);
 * {@value #MEMORY_PEAK_BYTES} (max = the peak resident memory of the task's process tree, bytes), else
 * {@value #MEMORY_MB} or {@value #RSS_MB} (max, MiB), else {@value #MEMORY_BYTES} (max, bytes);
 * {@value #GPU_PERCENT} (mean over the granted devices).
 *
 * @param cpuSeconds CPU time used, in core-seconds
 * @param peakMemoryGb the peak resident memory, in GiB
 * @param gpuSeconds GPU time used, in device-seconds
 */
public record Usage(Double cpuSeconds, Double peakMemoryGb, Double gpuSeconds) {
  public static final String CPU_SECONDS = "cpu_seconds";
  public static final String CPU_PERCENT = "cpu_percent";
  public static final String MEMORY_MB = "memory_mb";
  public static final String RSS_MB = "rss_mb";
  public static final String MEMORY_BYTES = "memory_bytes";
  public static final String MEMORY_PEAK_BYTES = "memory_peak_bytes";
  public static final String GPU_PERCENT = "gpu_percent";
  public static final Usage NOT_MEASURED = new Usage(null, null, null);

  /** True when something was measured. */
  public boolean measured() {
    return cpuSeconds != null || peakMemoryGb != null || gpuSeconds != null;
  }

  /**
   * The usage of a task from its summaries.
   *
   * @param runSeconds how long its attempts ran, in seconds
   * @param gpus the devices it was granted
   */
  public static Usage of(List<MetricSummary> metrics, double runSeconds, int gpus) {
    Double cpu = null, mem = null, gpu = null, peak = null;
    for (MetricSummary m : metrics) {
      if (m.count() == 0) continue;
      switch (m.name()) {
        case CPU_SECONDS -> cpu = m.max();
        case CPU_PERCENT -> { if (cpu == null) cpu = m.mean() / 100 * runSeconds; }
        case MEMORY_MB, RSS_MB -> mem = m.max() / 1024;
        case MEMORY_BYTES -> { if (mem == null) mem = m.max() / (1024.0 * 1024 * 1024); }
        case MEMORY_PEAK_BYTES -> peak = m.max() / (1024.0 * 1024 * 1024);
        case GPU_PERCENT -> gpu = m.mean() / 100 * gpus * runSeconds;
        default -> { }
      }
    }
    return new Usage(cpu, peak != null ? peak : mem, gpu);
  }

  /** The seconds the attempts ran (started to ended; a running attempt counts up to {@code now}). */
  public static double runSeconds(List<AttemptRow> attempts, java.time.Instant now) {
    double s = 0;
    for (AttemptRow a : attempts) {
      if (a.startedAt() == null) continue;
      java.time.Instant end = a.endedAt() != null ? a.endedAt() : now;
      if (end.isAfter(a.startedAt())) s += Duration.between(a.startedAt(), end).toNanos() / 1e9;
    }
    return s;
  }
}
