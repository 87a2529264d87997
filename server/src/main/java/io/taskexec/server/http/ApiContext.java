package io.taskexec.server.http;

import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.store.StateStore;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What the handlers work with: the engine, its store, the configuration, the event feed and the
 * optional parts (metrics, alerts, reports) that other modules provide.
 *
 * @param dataDir the data directory (task logs, reports)
 * @param metrics the Prometheus exposition, or null when monitoring is not attached
 * @param alerts the alert rules that fire now or fired lately, or null when monitoring is not attached
 */
public record ApiContext(TaskExecutionEngine engine, StateStore store, TaskExecutionConfig config, Path dataDir, Tokens tokens,
    EventFeed feed, Metrics metrics, Alerts alerts) {

  public ApiLimits limits() {
    return new ApiLimits(config.server().maxBodyBytes(), config.server().maxBatchTasks());
  }

  /** The {@code /metrics} exposition. Implementations are thread-safe. */
  public interface Metrics {
    String contentType(boolean openMetrics);

    void scrape(OutputStream out, boolean openMetrics) throws IOException;
  }

  /**
   * The alert rules that fire now or fired lately, each a map of plain values (rule, state
   * {@code firing}/{@code resolved}, severity, value, threshold, message, since, last_fired,
   * last_held), those firing first.
   */
  @FunctionalInterface
  public interface Alerts {
    List<Map<String, Object>> recent();
  }
}
