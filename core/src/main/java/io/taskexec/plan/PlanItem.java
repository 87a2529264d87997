package io.taskexec.plan;

import io.taskexec.task.Task;
import java.time.Instant;
import java.util.Objects;

/**
 * A task as the planner sees it.
 *
 * @param seq submission order, unique and increasing per engine; the last tie-breaker
 * @param deadline the resolved deadline, or null
 */
public record PlanItem(Task task, long seq, Instant deadline) {
  public PlanItem {
    Objects.requireNonNull(task, "task");
  }

  public String id() {
    return task.id();
  }
}
