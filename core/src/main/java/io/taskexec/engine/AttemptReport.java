package io.taskexec.engine;

import io.taskexec.execute.AttemptResult;
import java.time.Instant;

/**
 * What a remote agent says about one attempt, posted back with {@link TaskExecutionEngine#report}.
 * Every report names its task and attempt; a report of an attempt that is no longer the task's
 * current one (a late result of a lost agent, a duplicate delivery) is ignored and counted in
 * {@link TaskExecutionEngine#staleReports}.
 */
public sealed interface AttemptReport {
  String taskId();

  int attempt();

  /** The attempt started running at {@code at} (the agent's clock). */
  record Started(String taskId, int attempt, Instant at) implements AttemptReport {}

  /** The attempt launched a process (for the record; the engine never signals remote pids). */
  record Launched(String taskId, int attempt, long pid, long pidStart) implements AttemptReport {}

  /** Progress from 0 to 1, with an optional message. */
  record Progress(String taskId, int attempt, double fraction, String message) implements AttemptReport {}

  /** A resource sample (cpu, memory ...) of the running attempt. */
  record Sample(String taskId, int attempt, String name, double value) implements AttemptReport {}

  /**
   * The attempt ended. {@code startedAt} is set when the start was not reported on its own (fast
   * attempts report start and end in one message); {@code logDirectory} is where the agent kept
   * its stdout/stderr, or null.
   */
  record Ended(String taskId, int attempt, Instant startedAt, Instant endedAt, AttemptResult result,
      String logDirectory) implements AttemptReport {}
}
