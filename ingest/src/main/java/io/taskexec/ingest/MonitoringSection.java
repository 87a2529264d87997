package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.config.MonitoringConfig;
import io.taskexec.config.MonitoringConfig.Alerts;
import io.taskexec.config.MonitoringConfig.Limits;
import io.taskexec.config.MonitoringConfig.Prometheus;
import io.taskexec.ingest.Node.MapNode;
import java.time.Duration;
import java.util.List;

/** Reads {@code task_execution.monitoring} into a {@link MonitoringConfig}; problems go to the shared {@link Fields}. */
final class MonitoringSection {
  private static final List<String> METRICS_KEYS = List.of("interval", "batch_size", "buffer_size");
  private static final List<String> ALERT_KEYS = List.of("alert_threshold", "check_interval", "cooldown_period",
      "rules", "targets", "webhook_url", "amqp_uri", "max_queue_age");
  private static final List<String> PROMETHEUS_KEYS = List.of("port", "per_task_labels", "per_task_label_cap",
      "pushgateway_url", "job");
  private static final List<String> LIMITS_KEYS = List.of("enforce_memory", "memory_tolerance", "memory_retry_factor",
      "memory_retry_cap_gb", "recommendation_headroom");

  private final Fields f;
  private final ConfigSections s;

  MonitoringSection(Fields f) {
    this.f = f;
    this.s = new ConfigSections(f);
  }

  MonitoringConfig read(Node n, String path) {
    MonitoringConfig d = MonitoringConfig.DEFAULT;
    MapNode m = s.section(n, path, List.of("metrics_collection", "alert_management", "prometheus", "limits"));
    if (m == null) return d;
    Duration interval = d.interval();
    int batch = d.batchSize();
    int buffer = d.bufferSize();
    String mp = child(path, "metrics_collection");
    MapNode metrics = s.section(m.get("metrics_collection"), mp, METRICS_KEYS);
    if (metrics != null) {
      interval = s.duration(metrics, mp, "interval", "10s", true, d.interval());
      batch = s.atLeast(metrics, mp, "batch_size", 1, d.batchSize());
      buffer = s.atLeast(metrics, mp, "buffer_size", 1, d.bufferSize());
    }
    double threshold = d.alertThreshold();
    Duration check = d.checkInterval();
    Duration cooldown = d.cooldownPeriod();
    Alerts alertRules = Alerts.DEFAULT;
    String ap = child(path, "alert_management");
    MapNode alerts = s.section(m.get("alert_management"), ap, ALERT_KEYS);
    if (alerts != null) {
      threshold = s.fraction(alerts, ap, "alert_threshold", d.alertThreshold());
      check = s.duration(alerts, ap, "check_interval", "60s", true, d.checkInterval());
      cooldown = s.duration(alerts, ap, "cooldown_period", "5m", false, d.cooldownPeriod());
      alertRules = alerts(alerts, ap);
    }
    return new MonitoringConfig(interval, batch, buffer, threshold, check, cooldown,
        prometheus(m.get("prometheus"), child(path, "prometheus")), limits(m.get("limits"), child(path, "limits")),
        alertRules);
  }

  private Alerts alerts(MapNode m, String path) {
    Alerts d = Alerts.DEFAULT;
    List<String> rules = f.strings(m.get("rules"), child(path, "rules"), "failure_rate");
    List<String> targets = f.strings(m.get("targets"), child(path, "targets"), "webhook");
    String webhook = f.string(m.get("webhook_url"), child(path, "webhook_url"), "https://hooks.example.com/taskexec");
    String amqp = f.string(m.get("amqp_uri"), child(path, "amqp_uri"), "amqp://guest:guest@127.0.0.1:5672/%2F");
    Duration age = s.duration(m, path, "max_queue_age", "10m", true, d.maxQueueAge());
    if (webhook != null && !webhook.startsWith("http://") && !webhook.startsWith("https://")) {
      f.problems().add(m.get("webhook_url"), child(path, "webhook_url"), "webhook_url must be an http(s) URL, got " + webhook,
          "write e.g. webhook_url: https://hooks.example.com/taskexec");
      webhook = null;
    }
    if (amqp != null && !amqp.startsWith("amqp://") && !amqp.startsWith("amqps://")) {
      f.problems().add(m.get("amqp_uri"), child(path, "amqp_uri"), "amqp_uri must be an amqp:// or amqps:// URI, got " + amqp,
          "write e.g. amqp_uri: amqp://guest:guest@127.0.0.1:5672/%2F");
      amqp = null;
    }
    String webhookUrl = webhook;
    String amqpUri = amqp;
    return s.build(path, () -> new Alerts(rules, targets, webhookUrl, amqpUri, age), d);
  }

  private Prometheus prometheus(Node n, String path) {
    Prometheus d = Prometheus.DEFAULT;
    MapNode m = s.section(n, path, PROMETHEUS_KEYS);
    if (m == null) return d;
    int port = s.atLeast(m, path, "port", 0, d.port());
    if (port > 65535) {
      f.problems().add(m.get("port"), child(path, "port"), "port must be <= 65535, got " + port, "write e.g. port: 9464");
      port = d.port();
    }
    Boolean perTask = f.bool(m.get("per_task_labels"), child(path, "per_task_labels"), "false");
    int cap = s.atLeast(m, path, "per_task_label_cap", 1, d.perTaskLabelCap());
    String url = f.string(m.get("pushgateway_url"), child(path, "pushgateway_url"), "http://127.0.0.1:9091");
    if (url != null && !url.startsWith("http://") && !url.startsWith("https://")) {
      f.problems().add(m.get("pushgateway_url"), child(path, "pushgateway_url"),
          "pushgateway_url must be an http(s) URL, got " + url, "write e.g. pushgateway_url: http://127.0.0.1:9091");
      url = null;
    }
    String job = f.string(m.get("job"), child(path, "job"), "task_execution");
    int p = port;
    String u = url;
    return s.build(path, () -> new Prometheus(p, perTask != null ? perTask : d.perTaskLabels(), cap, u, job), d);
  }

  private Limits limits(Node n, String path) {
    Limits d = Limits.DEFAULT;
    MapNode m = s.section(n, path, LIMITS_KEYS);
    if (m == null) return d;
    Boolean enforce = f.bool(m.get("enforce_memory"), child(path, "enforce_memory"), "true");
    double tolerance = atLeastZero(m, path, "memory_tolerance", d.memoryTolerance());
    double factor = d.memoryRetryFactor();
    Double fv = f.number(m.get("memory_retry_factor"), child(path, "memory_retry_factor"), "1.5");
    if (fv != null && fv < 1) {
      f.problems().add(m.get("memory_retry_factor"), child(path, "memory_retry_factor"),
          "memory_retry_factor must be >= 1, got " + fv, "write e.g. memory_retry_factor: 1.5 (each retry asks for 50% more)");
    } else if (fv != null) {
      factor = fv;
    }
    Double cap = s.positive(m, path, "memory_retry_cap_gb", "64");
    double headroom = atLeastZero(m, path, "recommendation_headroom", d.recommendationHeadroom());
    double fac = factor;
    return s.build(path, () -> new Limits(enforce != null ? enforce : d.enforceMemory(), tolerance, fac,
        cap != null ? cap : d.memoryRetryCapGb(), headroom), d);
  }

  private double atLeastZero(MapNode m, String path, String key, double fallback) {
    Double v = f.number(m.get(key), child(path, key), Double.toString(fallback));
    if (v == null) return fallback;
    if (v < 0) {
      f.problems().add(m.get(key), child(path, key), key + " must be >= 0, got " + v,
          "write e.g. " + key + ": " + fallback + " (the default)");
      return fallback;
    }
    return v;
  }
}
