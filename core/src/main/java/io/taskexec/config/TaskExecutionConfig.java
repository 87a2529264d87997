package io.taskexec.config;

/**
 * The whole {@code task_execution:} tree of the specification, plus the {@code server} and
 * {@code cluster} sections that the coordinator and agents read. Every key is optional; missing
 * ones take the defaults of {@link #DEFAULT}.
 */
public record TaskExecutionConfig(
    EngineConfig engine,
    MonitoringConfig monitoring,
    ReportingConfig reporting,
    ServerConfig server,
    ClusterConfig cluster) {
  public static final TaskExecutionConfig DEFAULT = new TaskExecutionConfig(EngineConfig.DEFAULT,
      MonitoringConfig.DEFAULT, ReportingConfig.DEFAULT, ServerConfig.DEFAULT, ClusterConfig.DEFAULT);

  public TaskExecutionConfig withEngine(EngineConfig e) {
    return new TaskExecutionConfig(e, monitoring, reporting, server, cluster);
  }

  public TaskExecutionConfig withMonitoring(MonitoringConfig m) {
    return new TaskExecutionConfig(engine, m, reporting, server, cluster);
  }

  public TaskExecutionConfig withReporting(ReportingConfig r) {
    return new TaskExecutionConfig(engine, monitoring, r, server, cluster);
  }

  public TaskExecutionConfig withServer(ServerConfig s) {
    return new TaskExecutionConfig(engine, monitoring, reporting, s, cluster);
  }

  public TaskExecutionConfig withCluster(ClusterConfig c) {
    return new TaskExecutionConfig(engine, monitoring, reporting, server, c);
  }
}
