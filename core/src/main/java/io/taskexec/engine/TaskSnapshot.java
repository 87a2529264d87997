package io.taskexec.engine;

import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.time.Instant;
import java.util.List;

/**
 * A task as it is now, for status displays. A copy: it does not change after it is taken.
 *
 * @param waitingFor why a READY task is not placed yet, or null
 */
public record TaskSnapshot(
    Task task,
    TaskState state,
    int attempt,
    Instant submittedAt,
    Instant deadline,
    Instant startedAt,
    String agentId,
    double progress,
    String waitingFor,
    List<AttemptRecord> attempts) {}
