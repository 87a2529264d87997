package io.taskexec.execute;

import io.taskexec.error.FailureKind;
import java.util.Map;

/** How one attempt ended, as data (a task's own failure is never an engine exception). */
public sealed interface AttemptResult {
  /** @param exitCode the process exit code (0) for process attempts, or null */
  record Success(Map<String, Object> output, Integer exitCode) implements AttemptResult {
    public Success {
      output = output == null ? Map.of() : Map.copyOf(output);
    }

    public Success(Map<String, Object> output) {
      this(output, null);
    }
  }

  /**
   * @param exitCode the process exit code, or null when there was no process
   * @param errorClass the exception class for handler failures, or null
   */
  record Failure(FailureKind kind, String message, Integer exitCode, String errorClass)
      implements AttemptResult {}

  Success OK = new Success(Map.of());
  Success EXIT_0 = new Success(Map.of(), 0);

  static Failure failure(FailureKind kind, String message) {
    return new Failure(kind, message, null, null);
  }
}
