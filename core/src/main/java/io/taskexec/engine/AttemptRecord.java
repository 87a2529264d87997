package io.taskexec.engine;

import io.taskexec.error.FailureKind;
import io.taskexec.task.TaskState;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * One attempt of a task, kept whatever its end.
 *
 * @param startedAt null when the attempt never started (cancelled while placed)
 * @param outcome the state the attempt ended in: SUCCEEDED, FAILED, TIMED_OUT, CANCELLED, or
 *     RETRYING when another attempt followed
 * @param logDirectory where the attempt's stdout/stderr are, or null when it wrote none
 */
public record AttemptRecord(
    int attempt,
    String agentId,
    List<Integer> gpuIndices,
    Instant placedAt,
    Instant startedAt,
    Instant endedAt,
    TaskState outcome,
    FailureKind failure,
    Integer exitCode,
    String message,
    Path logDirectory) {

  /** Running time, or zero when the attempt never started. */
  public Duration duration() {
    return startedAt == null || endedAt == null ? Duration.ZERO : Duration.between(startedAt, endedAt);
  }
}
