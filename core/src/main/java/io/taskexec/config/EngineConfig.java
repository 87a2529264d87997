package io.taskexec.config;

/**
 * {@code task_execution.engine}.
 *
 * @param deadlinePolicy what happens to a task whose deadline passes before it starts
 */
public record EngineConfig(
    WorkerPoolConfig workerPool,
    ResourceManagerConfig resourceManager,
    StateManagerConfig stateManager,
    ErrorHandlingConfig errorHandling,
    DeadlinePolicy deadlinePolicy) {
  public static final EngineConfig DEFAULT = new EngineConfig(WorkerPoolConfig.DEFAULT, ResourceManagerConfig.DEFAULT,
      StateManagerConfig.DEFAULT, ErrorHandlingConfig.DEFAULT, DeadlinePolicy.MISS);

  /** What to do with a task whose deadline passed before it started. */
  public enum DeadlinePolicy {
    /** It becomes DEADLINE_MISSED and does not run. */
    MISS,
    /** It runs anyway and its events are flagged {@code deadline_missed}. */
    RUN_AND_FLAG
  }
}
