package io.taskexec.server;

import io.taskexec.config.MonitoringConfig;
import io.taskexec.config.TaskExecutionConfig;
import java.time.Duration;
import java.util.function.UnaryOperator;

/** Configurations and task files shared by the API and the dashboard tests of alerts and explanations. */
public final class Scenarios {
  private Scenarios() {}

  /**
   * Monitoring that checks its alert rules every 200 ms with a failure-rate threshold of 10%
   * ({@code alert_threshold: 0.9}), sampling every 100 ms, cooldown 10 min.
   */
  public static final UnaryOperator<TaskExecutionConfig> TOUCHY_ALERTS = c -> c.withMonitoring(new MonitoringConfig(
      Duration.ofMillis(100), 100, 1000, 0.9, Duration.ofMillis(200), Duration.ofMinutes(10)));

  /** Three tasks that fail (exit 3) and two that succeed: a failure rate well over 10%. */
  public static final String FAILING_RUN = """
      tasks:
        - {id: ok-1, type: noop, requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
        - {id: ok-2, type: noop, requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
        - {id: bad-1, type: shell, command: "exit 3", requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
        - {id: bad-2, type: shell, command: "exit 3", requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
        - {id: bad-3, type: shell, command: "exit 3", requirements: {cpu_cores: 1, memory_gb: 1, storage_gb: 1}}
      """;

  /**
   * On the one 8-core agent (9.6 schedulable cores with overcommit 1.2): {@code blocker} holds 7
   * cores for a minute; {@code big} needs 4 (2.6 free: short by 1.4); {@code after} waits for
   * {@code blocker} to succeed and needs 4 cores too.
   */
  public static final String WAITING_RUN = """
      tasks:
        - {id: blocker, type: sleep, duration: 60s, requirements: {cpu_cores: 7, memory_gb: 2, storage_gb: 1}}
        - {id: big, type: sleep, duration: 1s, requirements: {cpu_cores: 4, memory_gb: 2, storage_gb: 1}}
        - {id: after, type: sleep, duration: 1s, dependencies: [blocker], requirements: {cpu_cores: 4, memory_gb: 2, storage_gb: 1}}
      """;
}
