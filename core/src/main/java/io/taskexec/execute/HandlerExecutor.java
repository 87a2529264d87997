package io.taskexec.execute;

import java.util.Map;

/** Runs a Java {@link TaskHandler} as an executor: a return is success, a throw a failure. */
public final class HandlerExecutor implements TaskExecutor {
  private final TaskHandler handler;

  public HandlerExecutor(TaskHandler handler) {
    this.handler = handler;
  }

  @Override
  public String type() {
    return handler.type();
  }

  @Override
  public AttemptResult execute(ExecutionContext ctx) throws Exception {
    Map<String, Object> out = handler.handle(ctx);
    return new AttemptResult.Success(out);
  }
}
