package io.taskexec.store;

import io.taskexec.task.Task;
import java.time.Instant;

/** A task as accepted: its spec, its engine-wide submission order and when it was accepted. */
public record StoredTask(Task task, long seq, Instant submittedAt) {}
