package io.taskexec.cli;

/** The exit codes of {@code taskexec}; documented in the README. */
public final class ExitCodes {
  /** Every task succeeded (or the command did what it was asked). */
  public static final int OK = 0;
  /** The run ended and at least one task did not succeed. */
  public static final int TASK_FAILED = 1;
  /** Invalid input: a missing file, a bad option, validation problems, a bad configuration. */
  public static final int INVALID_INPUT = 2;
  /** taskexec itself failed; a bug to report (run with --debug for the stack trace). */
  public static final int INTERNAL_ERROR = 3;
  /** Interrupted (Ctrl-C): running tasks were cancelled. 128 + SIGINT, as shells expect. */
  public static final int INTERRUPTED = 130;

  private ExitCodes() {}
}
