package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.config.ReportingConfig;
import io.taskexec.ingest.Node.MapNode;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Reads {@code task_execution.reporting} into a {@link ReportingConfig}; problems go to the shared {@link Fields}. */
final class ReportingSection {
  /** The report formats the reporting module writes. */
  static final Map<String, String> REPORT_FORMATS = Fields.names("json", "html", "pdf");

  private final Fields f;
  private final ConfigSections s;

  ReportingSection(Fields f) {
    this.f = f;
    this.s = new ConfigSections(f);
  }

  ReportingConfig read(Node n, String path) {
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
