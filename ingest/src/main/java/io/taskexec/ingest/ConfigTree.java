package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.config.EngineConfig;
import io.taskexec.config.MonitoringConfig;
import io.taskexec.config.ReportingConfig;
import io.taskexec.config.TaskExecutionConfig;
import io.taskexec.ingest.Node.MapNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of the specification's {@code task_execution:} tree (the map holding
 * {@code engine}, {@code monitoring}, {@code reporting}) into a {@link TaskExecutionConfig}.
 * Missing keys take the records' defaults; wrong ones are reported and take the default too, so
 * that every problem of the file is found in one pass.
 */
final class ConfigTree {
  /** The report formats the reporting module writes. */
  static final Map<String, String> REPORT_FORMATS = Fields.names("json", "html", "pdf");

  private final Fields f;
  private final ConfigSections s;

  ConfigTree(Fields f) {
    this.f = f;
    this.s = new ConfigSections(f);
  }

  TaskExecutionConfig read(Node n, String path) {
    MapNode m = s.section(n, path, List.of("engine", "monitoring", "reporting"));
    if (m == null) return TaskExecutionConfig.DEFAULT;
    EngineConfig engine = new EngineSection(f).read(m.get("engine"), child(path, "engine"));
    return new TaskExecutionConfig(engine, monitoring(m.get("monitoring"), child(path, "monitoring")),
        reporting(m.get("reporting"), child(path, "reporting")));
  }

  private MonitoringConfig monitoring(Node n, String path) {
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

  private ReportingConfig reporting(Node n, String path) {
    ReportingConfig d = ReportingConfig.DEFAULT;
    MapNode m = s.section(n, path, List.of("report_generation", "distribution"));
    if (m == null) return d;
    List<String> formats = d.formats();
    String templates = d.templatesPath();
    int cache = d.cacheSize();
    String gp = child(path, "report_generation");
    MapNode gen = s.section(m.get("report_generation"), gp, List.of("formats", "templates_path", "cache_size"));
    if (gen != null) {
      formats = formats(gen.get("formats"), child(gp, "formats"), d.formats());
      String t = f.string(gen.get("templates_path"), child(gp, "templates_path"), "templates");
      templates = t == null ? d.templatesPath() : t;
      cache = s.atLeast(gen, gp, "cache_size", 0, d.cacheSize());
    }
    int attempts = d.retryAttempts();
    Duration delay = d.retryDelay();
    Duration timeout = d.timeout();
    String dp = child(path, "distribution");
    MapNode dist = s.section(m.get("distribution"), dp, List.of("retry_attempts", "retry_delay", "timeout"));
    if (dist != null) {
      attempts = s.atLeast(dist, dp, "retry_attempts", 0, d.retryAttempts());
      delay = s.duration(dist, dp, "retry_delay", "5s", false, d.retryDelay());
      timeout = s.duration(dist, dp, "timeout", "30s", true, d.timeout());
    }
    return new ReportingConfig(formats, templates, cache, attempts, delay, timeout);
  }

  private List<String> formats(Node n, String path, List<String> fallback) {
    List<String> given = f.strings(n, path, "[json, html, pdf]");
    if (given == null) return fallback;
    Node.ListNode l = (Node.ListNode) n;
    boolean ok = true;
    for (int i = 0; i < given.size(); i++) {
      if (f.choice(l.items().get(i), path + "[" + i + "]", REPORT_FORMATS) == null) ok = false;
    }
    return ok ? given : fallback;
  }
}
