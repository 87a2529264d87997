package io.taskexec.store;

import io.taskexec.TaskexecException;
import java.util.List;

/** A submission reused an id already stored with a different spec. */
public class ConflictException extends TaskexecException {
  private final List<String> taskIds;

  public ConflictException(List<String> taskIds) {
    super("task id" + (taskIds.size() == 1 ? " " : "s ") + String.join(", ", taskIds)
        + " already submitted with a different spec; choose a new id or resubmit the same spec");
    this.taskIds = List.copyOf(taskIds);
  }

  public List<String> taskIds() {
    return taskIds;
  }
}
