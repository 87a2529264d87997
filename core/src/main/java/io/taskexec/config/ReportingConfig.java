package io.taskexec.config;

import java.time.Duration;
import java.util.List;

/** {@code task_execution.reporting}: report_generation and distribution. */
public record ReportingConfig(
    List<String> formats, String templatesPath, int cacheSize,
    int retryAttempts, Duration retryDelay, Duration timeout) {
  public static final ReportingConfig DEFAULT = new ReportingConfig(
      List.of("json", "html", "pdf"), "templates", 100, 3, Duration.ofSeconds(5), Duration.ofSeconds(30));

  public ReportingConfig {
    formats = formats == null ? List.of() : List.copyOf(formats);
  }
}
