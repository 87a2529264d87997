package io.taskexec.store.jdbc;

import io.taskexec.error.FailureKind;
import io.taskexec.event.EventType;
import io.taskexec.event.TaskEvent;
import io.taskexec.store.StoredTask;
import io.taskexec.task.Deadline;
import io.taskexec.task.Dependency;
import io.taskexec.task.DependencyCondition;
import io.taskexec.task.DependencyType;
import io.taskexec.task.RetryPolicy;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Tasks and events for store tests. */
final class Fixtures {
  static final Instant T0 = Instant.parse("2026-03-01T10:00:00.123456789Z");

  private Fixtures() {}

  /** A task with every part of a spec filled in. */
  static Task fullTask(String id) {
    return Task.builder(id, "shell")
        .command("echo " + id)
        .param("args", List.of("-n", "x"))
        .param("env", Map.of("A", "1"))
        .priority(7)
        .deadline(new Deadline.After(Duration.ofHours(2)))
        .cpu(2.5).memoryGb(4).storageGb(1).gpus(1)
        .after("upstream-1")
        .dependsOn(new Dependency("licence", DependencyType.RESOURCE, DependencyCondition.RESOURCE_AVAILABLE))
        .metadata("owner", "ana")
        .metadata("tries", 3)
        .timeout(Duration.ofMinutes(5))
        .retry(RetryPolicy.attempts(3, Duration.ofSeconds(1)))
        .estimatedDuration(Duration.ofSeconds(90))
        .build();
  }

  static Task task(String id) {
    return Task.builder(id, "noop").build();
  }

  static StoredTask stored(Task t, long seq) {
    return new StoredTask(t, seq, T0.plusMillis(seq));
  }

  static List<StoredTask> batch(String prefix, long firstSeq, int n) {
    List<StoredTask> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) out.add(stored(task(prefix + i), firstSeq + i));
    return out;
  }

  static TaskEvent event(long seq, String taskId, int attempt, EventType type, TaskState state) {
    return TaskEvent.of(seq, taskId, attempt, type, state, T0.plusNanos(seq * 1_001));
  }

  /** An event with every field set, data nested. */
  static TaskEvent fullEvent(long seq, String taskId) {
    return new TaskEvent(seq, taskId, 2, EventType.FAILED, TaskState.FAILED, T0.plusNanos(987_654_321),
        "agent-7", "exit code 3: boom", 3, FailureKind.NONZERO_EXIT,
        Map.of("progress", 0.75, "name", "cpu", "n", 42, "flags", List.of(true, false),
            "nested", Map.of("k", "v")));
  }

  /** A life with two attempts: the first fails and is retried, the second succeeds. */
  static List<TaskEvent> twoAttempts(String id, long seq) {
    return List.of(
        event(seq, id, 0, EventType.SUBMITTED, TaskState.PENDING),
        event(seq + 1, id, 0, EventType.READY, TaskState.READY),
        new TaskEvent(seq + 2, id, 1, EventType.PLACED, TaskState.PLACED, T0.plusSeconds(1), "a1", null, null, null, Map.of("gpus", "0,2")),
        new TaskEvent(seq + 3, id, 1, EventType.STARTED, TaskState.RUNNING, T0.plusSeconds(2), "a1", null, null, null, Map.of("log_dir", "/logs/" + id + "/1")),
        new TaskEvent(seq + 4, id, 1, EventType.RETRYING, TaskState.RETRYING, T0.plusSeconds(3), "a1", "exit 1", 1, FailureKind.NONZERO_EXIT, Map.of("error_class", "x.Boom")),
        event(seq + 5, id, 1, EventType.READY, TaskState.READY),
        new TaskEvent(seq + 6, id, 2, EventType.PLACED, TaskState.PLACED, T0.plusSeconds(4), "a2", null, null, null, Map.of()),
        new TaskEvent(seq + 7, id, 2, EventType.STARTED, TaskState.RUNNING, T0.plusSeconds(5), "a2", null, null, null, Map.of()),
        new TaskEvent(seq + 8, id, 2, EventType.SUCCEEDED, TaskState.SUCCEEDED, T0.plusSeconds(6), "a2", null, 0, null, Map.of()));
  }
}
