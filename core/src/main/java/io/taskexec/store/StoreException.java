package io.taskexec.store;

import io.taskexec.TaskexecException;

/**
 * The store cannot do what was asked, and waiting will not help: the file is corrupt or not a
 * database, its schema is newer than this program, the directory is read-only, or the store is
 * broken by an earlier error. The message says what is wrong, where, and what to do. Nothing already
 * stored has been overwritten.
 *
 * <p>{@link StoreUnavailableException} is the retryable kind.
 */
public class StoreException extends TaskexecException {
  public StoreException(String message) {
    super(message, null, false);
  }

  public StoreException(String message, Throwable cause) {
    super(message, cause, false);
  }

  protected StoreException(String message, Throwable cause, boolean retryable) {
    super(message, cause, retryable);
  }
}
