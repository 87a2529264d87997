package io.taskexec.config;

/**
 * The whole {@code task_execution:} tree of the specification. Every key is optional; missing ones
 * take the defaults of {@link #DEFAULT}.
 */
public record TaskExecutionConfig(EngineConfig engine, MonitoringConfig monitoring, ReportingConfig reporting) {
  public static final TaskExecutionConfig DEFAULT =
      new TaskExecutionConfig(EngineConfig.DEFAULT, MonitoringConfig.DEFAULT, ReportingConfig.DEFAULT);
}
