package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.config.MonitoringConfig;
import io.taskexec.ingest.Node.MapNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads {@code task_execution.monitoring} into a {@link MonitoringConfig}; problems go to the shared {@link Fields}. */
final class MonitoringSection {
  private final Fields f;
  private final ConfigSections s;

  MonitoringSection(Fields f) {
    this.f = f;
    this.s = new ConfigSections(f);
  }

  MonitoringConfig read(Node n, String path) {
    MonitoringConfig d = MonitoringConfig.DEFAULT;
    MapNode m = s.section(n, path, List.of("metrics_collection", "alert_management"));
    if (m == null) return d;
    Duration interval = d.interval();
    int batch = d.batchSize();
    int buffer = d.bufferSize();
    String mp = child(path, "metrics_collection");
    MapNode metrics = s.section(m.get("metrics_collection"), mp, List.of("interval", "batch_size", "buffer_size"));
    if (metrics != null) {
      interval = s.duration(metrics, mp, "interval", "10s", true, d.interval());
      batch = s.atLeast(metrics, mp, "batch_size", 1, d.batchSize());
      buffer = s.atLeast(metrics, mp, "buffer_size", 1, d.bufferSize());
    }
    double threshold = d.alertThreshold();
    Duration check = d.checkInterval();
    Duration cooldown = d.cooldownPeriod();
    String ap = child(path, "alert_management");
    MapNode alerts = s.section(m.get("alert_management"), ap, List.of("alert_threshold", "check_interval",
        "cooldown_period"));
    if (alerts != null) {
      threshold = s.fraction(alerts, ap, "alert_threshold", d.alertThreshold());
      check = s.duration(alerts, ap, "check_interval", "60s", true, d.checkInterval());
      cooldown = s.duration(alerts, ap, "cooldown_period", "5m", false, d.cooldownPeriod());
    }
    return new MonitoringConfig(interval, batch, buffer, threshold, check, cooldown);
  }
}
