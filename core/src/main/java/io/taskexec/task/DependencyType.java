package io.taskexec.task;

/** How a dependency's {@code task_id} relates to the task that declares it. */
public enum DependencyType {
  /** The declaring task waits for {@code task_id}. */
  UPSTREAM,
  /** The inverse edge: {@code task_id} waits for the declaring task. */
  DOWNSTREAM,
  /** {@code task_id} names a counted resource; the task waits for one unit of it. */
  RESOURCE;

  public String wireName() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }
}
