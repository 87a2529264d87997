package io.taskexec.config;

import java.time.Duration;

/**
 * {@code task_execution.engine.state_manager}.
 *
 * @param persistence {@code sqlite} (default), {@code postgresql} or {@code memory}
 * @param syncInterval the longest a state transition waits before it is written (write-behind)
 * @param dataDirectory where the SQLite file and task logs live
 * @param url JDBC URL for postgresql, or null
 */
public record StateManagerConfig(String persistence, Duration syncInterval, String dataDirectory, String url) {
  public static final StateManagerConfig DEFAULT =
      new StateManagerConfig("sqlite", Duration.ofSeconds(1), ".taskexec", null);
}
