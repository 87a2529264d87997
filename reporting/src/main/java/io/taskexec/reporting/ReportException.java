package io.taskexec.reporting;

import io.taskexec.TaskexecException;

/**
 * A report could not be made, for a reason the user can fix: a template with a syntax error (the
 * message names the template and line), a task that is not stored, an unknown format. Not
 * retryable.
 */
public class ReportException extends TaskexecException {
  public ReportException(String message) {
    super(message);
  }

  public ReportException(String message, Throwable cause) {
    super(message, cause);
  }
}
