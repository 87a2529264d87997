package io.taskexec.execute;

/** Type {@code noop}: succeeds at once. For tests and benchmarks of the engine itself. */
public final class NoopExecutor implements TaskExecutor {
  @Override
  public String type() {
    return "noop";
  }

  @Override
  public AttemptResult execute(ExecutionContext ctx) {
    return AttemptResult.OK;
  }
}
