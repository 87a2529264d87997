package io.taskexec.server;

import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.engine.TaskExecutionEngine;
import io.taskexec.monitoring.AlertStatus;
import io.taskexec.monitoring.Monitoring;
import io.taskexec.server.http.ApiContext;
import java.io.IOException;
import java.io.OutputStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Attaches the {@code monitoring} module to the engine and exposes it to the API: {@code /metrics}
 * (its exposition) and {@code /api/v1/alerts} (where each alert rule stands after the latest check,
 * {@link Monitoring#alerts()}).
 */
final class MonitoringHook {
  private MonitoringHook() {}

  record Attached(ApiContext.Metrics metrics, ApiContext.Alerts alerts, AutoCloseable closer) {}

  static Attached attach(TaskExecutionEngine engine, TaskExecutionConfig config) {
    Monitoring m = Monitoring.attach(engine, config);
    ApiContext.Metrics metrics = new ApiContext.Metrics() {
      @Override
      public String contentType(boolean openMetrics) {
        return Monitoring.contentType(openMetrics);
      }

      @Override
      public void scrape(OutputStream out, boolean openMetrics) throws IOException {
        m.scrape(out, openMetrics);
      }
    };
    ApiContext.Alerts alerts = () -> m.alerts().stream().map(MonitoringHook::view).toList();
    return new Attached(metrics, alerts, m);
  }

  private static Map<String, Object> view(AlertStatus a) {
    Map<String, Object> v = new LinkedHashMap<>();
    v.put("rule", a.rule());
    v.put("state", a.firing() ? "firing" : "resolved");
    v.put("severity", a.severity());
    v.put("value", Double.isFinite(a.value()) ? a.value() : null);
    v.put("threshold", a.threshold());
    v.put("message", a.message());
    v.put("since", a.since() == null ? null : a.since().toString());
    v.put("last_fired", a.lastFired() == null ? null : a.lastFired().toString());
    v.put("last_held", a.lastHeld() == null ? null : a.lastHeld().toString());
    return v;
  }
}
