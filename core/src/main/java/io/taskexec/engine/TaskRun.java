package io.taskexec.engine;

import io.taskexec.place.Allocation;
import io.taskexec.plan.PlanItem;
import io.taskexec.task.Task;
import io.taskexec.task.TaskState;
import io.taskexec.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's mutable record of one task. Written only by the scheduler loop; other threads read
 * {@link #state} (volatile) and take snapshots under the record's lock.
 */
final class TaskRun {
  final Task task;
  final PlanItem item;
  final Instant submittedAt;
  final CompletableFuture<TaskResult> future = new CompletableFuture<>();

  volatile TaskState state = TaskState.PENDING;
  int attempt;
  Allocation allocation;
  AttemptContext context;
  Instant placedAt;
  Instant startedAt;
  Instant firstStartedAt;
  Clock.Cancellable timeoutTimer;
  boolean deadlineFlagged;
  String waitingFor;
  String reason;
  volatile double progress;
  final List<AttemptRecord> attempts = new ArrayList<>(1);

  TaskRun(Task task, long seq, Instant submittedAt) {
    this.task = task;
    this.submittedAt = submittedAt;
    this.item = new PlanItem(task, seq, task.deadline() == null ? null : task.deadline().resolve(submittedAt), this);
  }

  String id() {
    return task.id();
  }

  Instant deadline() {
    return item.deadline();
  }

  synchronized TaskSnapshot snapshot() {
    return new TaskSnapshot(task, state, attempt, submittedAt, deadline(), startedAt,
        allocation == null ? null : allocation.agentId(), progress, waitingFor, List.copyOf(attempts));
  }

  synchronized void addAttempt(AttemptRecord r) {
    attempts.add(r);
  }

  synchronized TaskResult result() {
    return new TaskResult(task.id(), state, List.copyOf(attempts), output, reason, deadlineFlagged);
  }

  java.util.Map<String, Object> output = java.util.Map.of();
}
