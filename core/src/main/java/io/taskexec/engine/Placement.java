package io.taskexec.engine;

import io.taskexec.place.Allocation;
import io.taskexec.task.Task;

/**
 * One attempt of one task, placed on an agent: what a remote agent needs to run it.
 *
 * @param attempt the attempt number (1 for the first run); reports name it, and reports of an
 *     attempt that is no longer the task's current one are fenced off
 * @param allocation the agent and the resources (GPU indices included) the attempt holds
 */
public record Placement(Task task, int attempt, Allocation allocation) {
  public String taskId() {
    return task.id();
  }

  public String agentId() {
    return allocation.agentId();
  }
}
