package io.taskexec.sim;

import java.util.Objects;

/**
 * One task of a {@link Workload}: what it asks for, how long it runs (as measured in the trace),
 * when it arrives, and what it waits for.
 *
 * @param type the task's kind (a workflow's job name, "mProject"), the key of duration history
 * @param runtime seconds it runs on a processor of unit speed
 * @param submit seconds after the start of the workload at which it arrives (0 for a workflow)
 * @param parents indexes into the workload's tasks that must succeed first
 * @param parentData bytes each parent passes to this task (same length as {@code parents}), or
 *     null when the format has no such data; used for communication costs
 * @param estimate seconds the submitter expected it to take (a job log's requested time), or NaN
 * @param deadline seconds after the start of the workload by which it should end, or NaN
 */
public record SimTask(
    String id,
    String type,
    double cpu,
    double memoryGb,
    int gpus,
    double runtime,
    double submit,
    int[] parents,
    double[] parentData,
    int priority,
    double estimate,
    double deadline) {
  public SimTask {
    Objects.requireNonNull(id, "id");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(parents, "parents");
    if (parentData != null && parentData.length != parents.length) {
      throw new IllegalArgumentException("parentData must match parents for task " + id);
    }
    if (!(runtime >= 0) || !(cpu >= 0) || !(memoryGb >= 0) || gpus < 0 || !(submit >= 0)) {
      throw new IllegalArgumentException("task " + id + ": runtime, resources and submit time"
          + " must be non-negative numbers");
    }
  }

  /** A workflow task: arrives at 0, default priority, no estimate, no deadline. */
  public static SimTask of(String id, String type, double cpu, double memoryGb, double runtime,
      int[] parents, double[] parentData) {
    return new SimTask(id, type, cpu, memoryGb, 0, runtime, 0, parents, parentData, 0,
        Double.NaN, Double.NaN);
  }

  public SimTask withPriority(int p) {
    return new SimTask(id, type, cpu, memoryGb, gpus, runtime, submit, parents, parentData, p,
        estimate, deadline);
  }

  public SimTask withDeadline(double seconds) {
    return new SimTask(id, type, cpu, memoryGb, gpus, runtime, submit, parents, parentData,
        priority, estimate, seconds);
  }

  public SimTask withSubmit(double seconds) {
    return new SimTask(id, type, cpu, memoryGb, gpus, runtime, seconds, parents, parentData,
        priority, estimate, deadline);
  }
}
