package io.taskexec.error;

/**
 * Why an attempt did not succeed, as classified by the {@link ErrorManager}. Whether a kind is
 * recoverable by default is part of the kind; a task type's recovery strategy may narrow it.
 */
public enum FailureKind {
  /** The spec itself is wrong; retrying cannot help. */
  INVALID_SPEC(false),
  /** No agent can hold the task now (and, when not recoverable, never). */
  NO_CAPACITY(true),
  /** The attempt ran past its timeout and was killed. */
  TIMEOUT(true),
  /** A shell task exited with a non-zero code. */
  NONZERO_EXIT(true),
  /** A Java handler threw. */
  HANDLER_EXCEPTION(true),
  /** The worker or agent running the attempt died or went silent. */
  LOST_WORKER(true),
  /** A person or the engine cancelled the task. */
  CANCELLED(false),
  /** The process could not even be started (command not found, bad working directory). */
  LAUNCH_FAILED(false),
  /**
   * The attempt used more than it asked for (memory over its requirement and tolerance) and was
   * stopped; a retry may ask for more (see {@code monitoring.memory_limit}).
   */
  RESOURCE_EXCEEDED(true),
  /**
   * The attempt was stopped to make room for a task of higher priority ({@code
   * resource_manager.preemption}); the task waits again without using a retry.
   */
  PREEMPTED(true);

  private final boolean recoverableByDefault;

  FailureKind(boolean recoverableByDefault) {
    this.recoverableByDefault = recoverableByDefault;
  }

  public boolean recoverableByDefault() {
    return recoverableByDefault;
  }
}
