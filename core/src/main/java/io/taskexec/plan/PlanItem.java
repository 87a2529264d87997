package io.taskexec.plan;

import io.taskexec.task.Task;
import java.time.Instant;
import java.util.Objects;

/**
 * A task as the planner sees it. A value (equality by task, seq and deadline) that also carries the
 * planner's slot for it, so that calls made with the item skip a lookup by id on the hot path.
 */
public final class PlanItem {
  private final Task task;
  private final long seq;
  private final Instant deadline;
  private final Object owner;
  /** The planner's index of this task; -1 until added. Written once, by the planner's thread. */
  int slot = -1;

  /**
   * @param seq submission order, unique and increasing per engine; the last tie-breaker
   * @param deadline the resolved deadline, or null
   * @param owner the caller's own record of this task, handed back untouched; may be null
   */
  public PlanItem(Task task, long seq, Instant deadline, Object owner) {
    this.task = Objects.requireNonNull(task, "task");
    this.seq = seq;
    this.deadline = deadline;
    this.owner = owner;
  }

  public PlanItem(Task task, long seq, Instant deadline) {
    this(task, seq, deadline, null);
  }

  public Task task() {
    return task;
  }

  public long seq() {
    return seq;
  }

  public Instant deadline() {
    return deadline;
  }

  public Object owner() {
    return owner;
  }

  public String id() {
    return task.id();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof PlanItem p && p.seq == seq && p.task.equals(task) && Objects.equals(p.deadline, deadline);
  }

  @Override
  public int hashCode() {
    return Objects.hash(task.id(), seq);
  }

  @Override
  public String toString() {
    return "PlanItem[" + task.id() + ", seq=" + seq + ", deadline=" + deadline + "]";
  }
}
