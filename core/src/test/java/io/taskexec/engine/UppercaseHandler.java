package io.taskexec.engine;

import io.taskexec.execute.ExecutionContext;
import io.taskexec.execute.TaskHandler;
import java.util.Locale;
import java.util.Map;

/** A handler found through META-INF/services in the test class path. */
public final class UppercaseHandler implements TaskHandler {
  @Override
  public String type() {
    return "uppercase";
  }

  @Override
  public Map<String, Object> handle(ExecutionContext ctx) {
    return Map.of("text", String.valueOf(ctx.task().params().get("text")).toUpperCase(Locale.ROOT));
  }
}
