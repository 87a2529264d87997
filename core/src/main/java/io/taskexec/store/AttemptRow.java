package io.taskexec.store;

import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.task.TaskState;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One attempt of a task as its stored events tell it. Derived, never stored on its own: the events
 * are the truth.
 *
 * @param gpus the devices granted, as CUDA_VISIBLE_DEVICES ({@code "0,2"}), or null for none
 * @param placedAt null when the attempt's PLACED event is not stored
 * @param startedAt null when it never started
 * @param endedAt null while it has not ended
 * @param outcome the state its ending event moved to (SUCCEEDED, FAILED, TIMED_OUT, CANCELLED,
 *     RETRYING, ...); for an attempt lost with its worker (REQUEUED) the state the task was in then;
 *     null while it has not ended
 * @param errorClass from the ending event's data {@value #ERROR_CLASS}, or null
 * @param logLocation from any event of the attempt with data {@value #LOG_DIR}, or null
 */
public record AttemptRow(
    String taskId,
    int attempt,
    String agentId,
    String gpus,
    Instant placedAt,
    Instant startedAt,
    Instant endedAt,
    TaskState outcome,
    FailureKind failure,
    Integer exitCode,
    String errorClass,
    String message,
    String logLocation) {

  /** Event data key for the exception class of a failed handler. */
  public static final String ERROR_CLASS = "error_class";
  /** Event data key for where an attempt's stdout and stderr are. */
  public static final String LOG_DIR = "log_dir";
  /** Event data key (on PLACED) for the granted GPUs, as CUDA_VISIBLE_DEVICES. */
  public static final String GPUS = "gpus";

  /** The attempts told by one task's events (in sequence order), attempt 1 first. */
  public static List<AttemptRow> fromEvents(List<TaskEvent> events) {
    List<Builder> attempts = new ArrayList<>();
    for (TaskEvent e : events) {
      if (e.attempt() < 1) continue;
      while (attempts.size() < e.attempt()) attempts.add(new Builder(e.taskId(), attempts.size() + 1));
      attempts.get(e.attempt() - 1).add(e);
    }
    List<AttemptRow> rows = new ArrayList<>(attempts.size());
    for (Builder b : attempts) if (b.seen) rows.add(b.build());
    return rows;
  }

  private static final class Builder {
    final String taskId;
    final int attempt;
    boolean seen;
    String agentId, gpus, errorClass, message, logLocation;
    Instant placedAt, startedAt, endedAt;
    TaskState outcome;
    FailureKind failure;
    Integer exitCode;

    Builder(String taskId, int attempt) {
      this.taskId = taskId;
      this.attempt = attempt;
    }

    void add(TaskEvent e) {
      seen = true;
      Map<String, Object> d = e.data();
      if (e.agentId() != null) agentId = e.agentId();
      if (d.get(LOG_DIR) != null) logLocation = d.get(LOG_DIR).toString();
      if (e.type() == EventType.PLACED) {
        placedAt = e.at();
        if (d.get(GPUS) != null) gpus = d.get(GPUS).toString();
      } else if (e.type() == EventType.STARTED) {
        startedAt = e.at();
      }
      if (ends(e)) {
        endedAt = e.at();
        outcome = e.state();
        failure = e.failure();
        exitCode = e.exitCode();
        message = e.message();
        errorClass = d.get(ERROR_CLASS) == null ? null : d.get(ERROR_CLASS).toString();
      }
    }

    static boolean ends(TaskEvent e) {
      return e.type() == EventType.REQUEUED || e.type() == EventType.RETRYING
          || (e.state().isTerminal() && e.type().name().equals(e.state().name()));
    }

    AttemptRow build() {
      return new AttemptRow(taskId, attempt, agentId, gpus, placedAt, startedAt, endedAt, outcome,
          failure, exitCode, errorClass, message, logLocation);
    }
  }
}
