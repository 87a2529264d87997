package io.taskexec.task;

import java.util.Objects;

/**
 * One dependency as written in a task spec. For {@link DependencyType#RESOURCE} the {@code taskId}
 * names a counted resource rather than a task (the specification's field name is kept).
 */
public record Dependency(String taskId, DependencyType type, DependencyCondition condition) {
  public Dependency {
    Objects.requireNonNull(taskId, "taskId");
    Objects.requireNonNull(type, "type");
    Objects.requireNonNull(condition, "condition");
  }

  public static Dependency after(String taskId) {
    return new Dependency(taskId, DependencyType.UPSTREAM, DependencyCondition.COMPLETION);
  }

  public static Dependency resource(String name) {
    return new Dependency(name, DependencyType.RESOURCE, DependencyCondition.RESOURCE_AVAILABLE);
  }
}
