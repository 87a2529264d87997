package io.taskexec.reporting.model;

import java.util.List;

/**
 * Usage over a period, like Slurm's {@code sreport}: per task type and per agent, how many tasks,
 * how many succeeded, the resources they requested for the time they ran (core-hours, GPU-hours,
 * memory-GB-hours) against what they used where it was measured, recommended requests, and
 * durations. Schema {@value #SCHEMA} ({@code accounting-report.schema.json}).
 *
 * <p>An attempt counts in the period for the part of its run time inside it; a task counts where one
 * of its attempts ran in the period.
 */
public record AccountingReport(RunReport.Meta meta, String from, String to, Row total, List<Row> byType,
    List<Row> byAgent, String note) {
  public static final String SCHEMA = "https://taskexec.io/schemas/accounting-report-1.json";

  /**
   * One line of the report. Used figures, efficiencies and recommendations are null when no task
   * of the group was measured.
   *
   * @param measuredTasks how many tasks have metric summaries
   * @param cpuEfficiency used core-hours / requested core-hours, over the measured tasks
   * @param memoryEfficiency peak memory / requested memory, over the measured tasks
   * @param recommendedCores the 95th percentile of used cores per task plus 25%, rounded up to 0.25
   * @param recommendedMemoryGb the 95th percentile of peak memory plus 25%, rounded up to 0.25 GB
   * @param deadlineMissRate misses / tasks with a deadline; null when none had one
   */
  public record Row(String name, long tasks, long succeeded, Double successRate, double cpuHours, double gpuHours,
      double memoryGbHours, long measuredTasks, Double usedCpuHours, Double cpuEfficiency, Double memoryEfficiency,
      double requestedCores, Double recommendedCores, double requestedMemoryGb, Double recommendedMemoryGb,
      Double p50DurationSeconds, Double p95DurationSeconds, Double deadlineMissRate) {}
}
