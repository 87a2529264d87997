package io.taskexec.config;

/**
 * {@code task_execution.engine}.
 *
 * @param deadlinePolicy what happens to a task whose deadline passes before it starts
 * @param ageing how waiting raises a ready task's priority, so that low priorities do not starve
 */
public record EngineConfig(
    WorkerPoolConfig workerPool,
    ResourceManagerConfig resourceManager,
    StateManagerConfig stateManager,
    ErrorHandlingConfig errorHandling,
    DeadlinePolicy deadlinePolicy,
    AgeingConfig ageing) {
  public static final EngineConfig DEFAULT = new EngineConfig(WorkerPoolConfig.DEFAULT, ResourceManagerConfig.DEFAULT,
      StateManagerConfig.DEFAULT, ErrorHandlingConfig.DEFAULT, DeadlinePolicy.MISS);

  public EngineConfig {
    ageing = ageing == null ? AgeingConfig.DEFAULT : ageing;
  }

  /** With the default ageing. */
  public EngineConfig(WorkerPoolConfig workerPool, ResourceManagerConfig resourceManager, StateManagerConfig stateManager,
      ErrorHandlingConfig errorHandling, DeadlinePolicy deadlinePolicy) {
    this(workerPool, resourceManager, stateManager, errorHandling, deadlinePolicy, AgeingConfig.DEFAULT);
  }

  public EngineConfig withResourceManager(ResourceManagerConfig rm) {
    return new EngineConfig(workerPool, rm, stateManager, errorHandling, deadlinePolicy, ageing);
  }

  public EngineConfig withStateManager(StateManagerConfig sm) {
    return new EngineConfig(workerPool, resourceManager, sm, errorHandling, deadlinePolicy, ageing);
  }

  public EngineConfig withAgeing(AgeingConfig a) {
    return new EngineConfig(workerPool, resourceManager, stateManager, errorHandling, deadlinePolicy, a);
  }

  /** What to do with a task whose deadline passed before it started. */
  public enum DeadlinePolicy {
    /** It becomes DEADLINE_MISSED and does not run. */
    MISS,
    /** It runs anyway and its events are flagged {@code deadline_missed}. */
    RUN_AND_FLAG
  }
}
