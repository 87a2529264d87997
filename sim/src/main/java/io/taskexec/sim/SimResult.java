package io.taskexec.sim;

import java.util.List;
import java.util.Map;

/**
 * What a simulation measured. Times are virtual seconds unless named otherwise.
 *
 * @param finished tasks that ran to the end
 * @param neverPlaced tasks still waiting when nothing else could happen (no agent can ever hold
 *     them, or they wait for such a task)
 * @param utilisation per resource ("cpu", "memory", "gpu"): resource-seconds used over
 *     resource-seconds offered during the makespan; absent for a resource no agent offers
 * @param flaggedAtAdmission tasks whose deadline the estimates said could not be met when they
 *     arrived (their longest estimated path ends after it), by id
 * @param meanWait mean seconds from ready (arrived, dependencies met) to start
 * @param p99Wait the 99th percentile of the same
 * @param preempted attempts stopped to make room for a task of higher priority
 * @param schedulerCpuSeconds cpu time of the thread that ran the planner and placement
 * @param liveHeapBytes heap in use after a full collection once every task was placed, or -1 when
 *     not measured ({@link Simulator.Options#measureHeap})
 * @param start seconds at which each task (by workload index) last started, NaN if never
 * @param end seconds at which each task ended, NaN if never
 */
public record SimResult(
    String workload,
    String strategy,
    int tasks,
    int agents,
    int finished,
    int neverPlaced,
    double makespan,
    Map<String, Double> utilisation,
    int deadlines,
    int deadlineMisses,
    List<String> flaggedAtAdmission,
    double meanWait,
    double p99Wait,
    double maxWait,
    long placements,
    List<Preempted> preempted,
    double schedulerCpuSeconds,
    double wallSeconds,
    long liveHeapBytes,
    double[] start,
    double[] end) {

  /** One attempt stopped by preemption: its task, attempt number, and when. */
  public record Preempted(String taskId, int attempt, double at, String forTask) {}

  /** Placements per second of scheduler cpu time. */
  public double placementsPerCpuSecond() {
    return schedulerCpuSeconds <= 0 ? Double.NaN : placements / schedulerCpuSeconds;
  }
}
