package io.taskexec.config;

import io.taskexec.error.RecoveryStrategy;
import java.util.Map;

/**
 * {@code task_execution.engine.error_handling}: the recovery strategy for each task type, and the
 * default for types not named.
 */
public record ErrorHandlingConfig(RecoveryStrategy defaultStrategy, Map<String, RecoveryStrategy> perType) {
  public static final ErrorHandlingConfig DEFAULT = new ErrorHandlingConfig(RecoveryStrategy.DEFAULT, Map.of());

  public ErrorHandlingConfig {
    perType = perType == null ? Map.of() : Map.copyOf(perType);
  }

  public RecoveryStrategy forType(String type) {
    return perType.getOrDefault(type, defaultStrategy);
  }
}
