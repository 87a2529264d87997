package io.taskexec.execute;

import io.taskexec.task.Task;
import java.util.List;

/**
 * Runs tasks of one type. Implementations are stateless or thread-safe: the engine calls
 * {@link #execute} from many worker threads at once.
 */
public interface TaskExecutor {
  /** The task type this executor runs, e.g. "shell". */
  String type();

  /**
   * Checks the type's parameters of a task before it is accepted. Returns problems as
   * (field path relative to the task, e.g. "command", message, hint) triples; empty when fine.
   * Must not block or perform I/O.
   */
  default List<ParamProblem> validate(Task task) {
    return List.of();
  }

  /**
   * Runs one attempt to its end and says how it ended. Blocks; called on a worker thread. A
   * cancelled or timed-out attempt should return promptly (the context's cancel hooks and thread
   * interruption say so); whatever it returns then is recorded as cancelled or timed out. An
   * exception thrown here is recorded as a {@code HANDLER_EXCEPTION} failure.
   */
  AttemptResult execute(ExecutionContext ctx) throws Exception;

  /** A problem with one parameter of a task. */
  record ParamProblem(String field, String message, String hint) {}
}
