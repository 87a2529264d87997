package io.taskexec.config;

import java.time.Duration;

/** {@code task_execution.monitoring}: metrics_collection and alert_management. */
public record MonitoringConfig(
    Duration interval, int batchSize, int bufferSize,
    double alertThreshold, Duration checkInterval, Duration cooldownPeriod) {
  public static final MonitoringConfig DEFAULT = new MonitoringConfig(
      Duration.ofSeconds(10), 100, 1000, 0.8, Duration.ofSeconds(60), Duration.ofSeconds(300));
}
