package io.taskexec.reporting.model;

import java.util.List;

/**
 * The report of a run: what happened to every stored task, in aggregate. Its JSON form is
 * described by {@code run-report.schema.json} (schema {@value #SCHEMA}); times are ISO-8601 UTC
 * strings, durations are seconds. Lists that could grow with the run are bounded: the Gantt
 * timeline draws single attempts only for a small run and the load per time bucket otherwise; at
 * most {@link RunReportBuilder#MAX_LISTED} failures and deadline misses are listed, with totals.
 */
public record RunReport(
    Meta meta, Summary summary, List<StateCount> counts, List<AgentRow> agents, Timeline timeline,
    Utilisation utilisation, CriticalPath criticalPath, Failures failures, DeadlineMisses deadlineMisses) {
  /** The schema id of this report's JSON. */
  public static final String SCHEMA = "https://taskexec.io/schemas/run-report-1.json";

  /** Who made the report, when and from what. */
  public record Meta(String schema, String kind, String title, String generatedAt, String source) {}

  /**
   * @param ended tasks in a terminal state
   * @param unsuccessful tasks that ended in any terminal state but SUCCEEDED
   * @param open tasks that have not ended
   * @param retries attempts beyond each task's first
   * @param successRate succeeded / ended, null when none ended
   * @param busySeconds the sum of every attempt's run time
   */
  public record Summary(long tasks, long ended, long succeeded, long unsuccessful, long open, long attempts,
      long retries, Double successRate, String startedAt, String endedAt, double makespanSeconds,
      double busySeconds, int agents) {}

  /** How many tasks are in one state now. */
  public record StateCount(String state, long count, double share) {}

  /** One agent's share of the run. {@code averageRunning} is busy seconds over the makespan. */
  public record AgentRow(String agent, long attempts, long succeeded, long unsuccessful, double busySeconds,
      double averageRunning) {}

  /**
   * The Gantt timeline by agent.
   *
   * @param aggregated false when every attempt is drawn as a bar; true when the run is too large and
   *     each lane shows its load per bucket instead
   */
  public record Timeline(String start, String end, double bucketSeconds, boolean aggregated, List<Lane> lanes) {}

  /**
   * One agent's lane.
   *
   * @param load the average number of attempts running on the agent in each bucket
   */
  public record Lane(String agent, long attempts, List<Bar> bars, List<Double> load) {}

  /** One attempt on the timeline; offsets in seconds from the timeline's start. */
  public record Bar(String task, int attempt, double startOffset, double endOffset, String outcome) {}

  /**
   * Resource use over time, per bucket.
   *
   * @param capacityCores the cores of the stored agents, null when none is stored
   * @param measured whether used cores come from metric summaries (else they are null)
   */
  public record Utilisation(String start, double bucketSeconds, Double capacityCores, boolean measured,
      List<Point> points) {}

  /** One bucket: averages over it. {@code usedCores} is null when not measured. */
  public record Point(double offsetSeconds, double runningTasks, double requestedCores, double requestedMemoryGb,
      double gpus, Double usedCores) {}

  /**
   * The chain of dependencies that ended last: from the task that ended last, back through the
   * upstream that ended last, to a task that waited for none.
   */
  public record CriticalPath(String note, double spanSeconds, double runSeconds, List<PathStep> steps) {}

  /** One task on the critical path; {@code waitSeconds} is from its upstream's end to its own start. */
  public record PathStep(String task, String type, String startedAt, String endedAt, double durationSeconds,
      double waitSeconds) {}

  /** The tasks that did not succeed. */
  public record Failures(long total, List<KindCount> byKind, List<Failure> listed) {}

  /** How many failed attempts had one failure kind. */
  public record KindCount(String kind, long count) {}

  /** One task that ended without success, with the reason of its last attempt. */
  public record Failure(String task, String type, String state, int attempts, String agent, String failure,
      Integer exitCode, String reason, String endedAt) {}

  /**
   * Tasks with a deadline that ended after it (or were marked DEADLINE_MISSED).
   *
   * @param withDeadline how many tasks had a deadline
   */
  public record DeadlineMisses(long total, long withDeadline, List<Miss> listed) {}

  /** One miss; {@code lateSeconds} is null for a task that never ended. */
  public record Miss(String task, String type, String deadline, String endedAt, Double lateSeconds, String state) {}
}
