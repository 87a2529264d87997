package io.taskexec.engine;

import io.taskexec.task.Requirements;
import java.time.Instant;

/**
 * An attempt running on one of this engine's own workers, as a sampler sees it.
 *
 * @param requirements what the attempt asked for (after any raise by a retry)
 * @param process the process tree's root for a shell attempt once launched, else null
 * @param threadId the id of the worker thread running the attempt (for a Java handler), or -1
 */
public record RunningAttempt(
    String taskId, String type, int attempt, Requirements requirements, Instant startedAt,
    String agentId, ProcessHandle process, long threadId) {}
