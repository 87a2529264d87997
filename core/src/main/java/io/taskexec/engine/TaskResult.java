package io.taskexec.engine;

import io.taskexec.task.TaskState;
import java.util.List;
import java.util.Map;

/**
 * How a task ended.
 *
 * @param reason why it ended so, in a sentence (the last failure, the upstream that failed...)
 * @param deadlineMissed true when it started after its deadline (deadline_policy run_and_flag)
 */
public record TaskResult(
    String taskId,
    TaskState state,
    List<AttemptRecord> attempts,
    Map<String, Object> output,
    String reason,
    boolean deadlineMissed) {

  public boolean succeeded() {
    return state == TaskState.SUCCEEDED;
  }
}
