package io.taskexec.reporting.model;

import java.util.List;

/**
 * The report of one task: its spec, every attempt, its timeline of events, its resource statistics
 * and the tail of its last attempt's logs. Schema {@value #SCHEMA} ({@code task-report.schema.json}).
 */
public record TaskReport(RunReport.Meta meta, Spec spec, String state, List<Attempt> attempts, List<Event> timeline,
    long events, Resources resources, List<Metric> metrics, List<LogTail> logs) {
  public static final String SCHEMA = "https://taskexec.io/schemas/task-report-1.json";
  /** At most this many events are listed (the last ones); {@code events} counts them all. */
  public static final int MAX_EVENTS = 300;
  /** Lines of each log kept. */
  public static final int LOG_LINES = 40;

  /** The spec as submitted; {@code parameters} is the type's parameters as JSON text. */
  public record Spec(String id, String type, int priority, String deadline, String submittedAt, double cpuCores,
      double memoryGb, double storageGb, int gpus, List<String> dependencies, String parameters,
      Double timeoutSeconds, String retry, List<KeyValue> metadata) {}

  /** One metadata entry. */
  public record KeyValue(String key, String value) {}

  /** One attempt. Times may be null where the attempt did not get there. */
  public record Attempt(int attempt, String agent, String gpus, String placedAt, String startedAt, String endedAt,
      Double durationSeconds, String outcome, String failure, Integer exitCode, String message, String logLocation) {}

  /** One event of the task. */
  public record Event(long seq, String at, String type, String state, int attempt, String agent, String message) {}

  /**
   * Requested against used (null where not measured).
   *
   * @param runSeconds the run time of every attempt together
   */
  public record Resources(double runSeconds, double requestedCoreSeconds, Double usedCoreSeconds, Double cpuEfficiency,
      double requestedMemoryGb, Double peakMemoryGb, Double memoryEfficiency, Double gpuSeconds) {}

  /** One metric summary as stored. */
  public record Metric(String name, long count, double min, double max, double mean, double p50, double p95, double p99) {}

  /**
   * The end of one log file.
   *
   * @param note why there are no lines (missing file), else null
   */
  public record LogTail(int attempt, String stream, String path, List<String> lines, boolean truncated, String note) {}
}
