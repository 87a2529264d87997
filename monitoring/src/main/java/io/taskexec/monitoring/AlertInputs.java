package io.taskexec.monitoring;

import java.time.Duration;

/**
 * What the alert rules look at, measured over one check interval.
 *
 * @param utilisation the largest allocated/capacity fraction over the agents' resources
 * @param utilisationResource which resource that is (cpu_cores, memory_gb...), or null
 * @param endedAttempts attempts that ended in the interval
 * @param failedAttempts those of them that failed
 * @param deadlineMisses deadlines missed in the interval
 * @param oldestReady how long the oldest ready task has waited
 * @param lost agents lost and attempts lost with them in the interval
 * @param deadlineRisks tasks flagged in the interval because their deadline cannot be met by the
 *     estimates (at admission, or not started by their latest start), before any miss
 */
public record AlertInputs(double utilisation, String utilisationResource, long endedAttempts, long failedAttempts,
    long deadlineMisses, Duration oldestReady, long lost, long deadlineRisks) {

  /** Without deadline risks. */
  public AlertInputs(double utilisation, String utilisationResource, long endedAttempts, long failedAttempts,
      long deadlineMisses, Duration oldestReady, long lost) {
    this(utilisation, utilisationResource, endedAttempts, failedAttempts, deadlineMisses, oldestReady, lost, 0);
  }

  /** The failure share of the interval's ended attempts (0 when none ended). */
  public double failureRate() {
    return endedAttempts == 0 ? 0 : (double) failedAttempts / endedAttempts;
  }

  /** Counts since the last check; the monitoring thread's. */
  static final class Window {
    long endedAttempts;
    long failedAttempts;
    long deadlineMisses;
    long deadlineRisks;
    long lostAgents;
    long lostAttempts;

    void reset() {
      endedAttempts = failedAttempts = deadlineMisses = deadlineRisks = lostAgents = lostAttempts = 0;
    }
  }
}
