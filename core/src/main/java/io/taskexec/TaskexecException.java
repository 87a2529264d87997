package io.taskexec;

/**
 * The one unchecked root of taskexec's own errors. Subclasses carry context; whether waiting and
 * trying again can help is part of the type ({@link #retryable()}), never read from the message.
 *
 * <p>A task's own failure (a non-zero exit, a handler exception) is not a TaskexecException: it is
 * data on the task's attempt.
 */
public class TaskexecException extends RuntimeException {
  private final boolean retryable;

  public TaskexecException(String message) {
    this(message, null, false);
  }

  public TaskexecException(String message, Throwable cause) {
    this(message, cause, false);
  }

  protected TaskexecException(String message, Throwable cause, boolean retryable) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** True when the same call may succeed later (a store or broker that is briefly away). */
  public boolean retryable() {
    return retryable;
  }
}
