package io.taskexec.ingest;

import static io.taskexec.ingest.Fields.child;

import io.taskexec.config.ReportingConfig;
import io.taskexec.config.ReportingConfig.Email;
import io.taskexec.config.ReportingConfig.Exchange;
import io.taskexec.config.ReportingConfig.Targets;
import io.taskexec.config.ReportingConfig.Webhook;
import io.taskexec.ingest.Node.Field;
import io.taskexec.ingest.Node.MapNode;
import java.net.URI;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code task_execution.reporting} into a {@link ReportingConfig}; problems go to the shared
 * {@link Fields}. Beside the specification's keys, {@code distribution.targets} names where
 * reports are delivered:
 *
 * <pre>
 * distribution:
 *   targets:
 *     directory: /srv/reports
 *     webhook: {url: https://hooks.example.com/taskexec, token: s3cret, headers: {X-Team: data}}
 *     email: {smtp_host: mail.example.com, smtp_port: 587, from: taskexec@example.com, to: [ops@example.com]}
 *     exchange: {uri: amqp://guest:guest@localhost:5672/%2f}
 * </pre>
 */
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
    List<String> runFormats = d.runFormats();
    String templates = d.templatesPath();
    int cache = d.cacheSize();
    String gp = child(path, "report_generation");
    MapNode gen = s.section(m.get("report_generation"), gp, List.of("formats", "templates_path", "cache_size"));
    if (gen != null) {
      formats = formats(gen.get("formats"), child(gp, "formats"), d.formats());
      if (gen.get("formats") != null) runFormats = formats;
      String t = f.string(gen.get("templates_path"), child(gp, "templates_path"), "templates");
      templates = t == null ? d.templatesPath() : t;
      cache = s.atLeast(gen, gp, "cache_size", 0, d.cacheSize());
    }
    int attempts = d.retryAttempts();
    Duration delay = d.retryDelay();
    Duration timeout = d.timeout();
    Targets targets = Targets.NONE;
    String dp = child(path, "distribution");
    MapNode dist = s.section(m.get("distribution"), dp, List.of("retry_attempts", "retry_delay", "timeout", "targets"));
    if (dist != null) {
      attempts = s.atLeast(dist, dp, "retry_attempts", 0, d.retryAttempts());
      delay = s.duration(dist, dp, "retry_delay", "5s", false, d.retryDelay());
      timeout = s.duration(dist, dp, "timeout", "30s", true, d.timeout());
      targets = targets(dist.get("targets"), child(dp, "targets"));
    }
    return new ReportingConfig(formats, templates, cache, attempts, delay, timeout, targets, runFormats);
  }

  private Targets targets(Node n, String path) {
    MapNode m = s.section(n, path, List.of("directory", "webhook", "email", "exchange"));
    if (m == null) return Targets.NONE;
    String dir = f.string(m.get("directory"), child(path, "directory"), "/srv/reports");
    return new Targets(dir, webhook(m.get("webhook"), child(path, "webhook")),
        email(m.get("email"), child(path, "email")), exchange(m.get("exchange"), child(path, "exchange")));
  }

  private Webhook webhook(Node n, String path) {
    MapNode m = s.section(n, path, List.of("url", "headers", "token"));
    if (m == null) return null;
    f.required(m, path, "url", "url: https://hooks.example.com/taskexec");
    String url = url(m.get("url"), child(path, "url"), "https://hooks.example.com/taskexec", List.of("http", "https"));
    String token = f.string(m.get("token"), child(path, "token"), "s3cret");
    Map<String, String> headers = new LinkedHashMap<>();
    String hp = child(path, "headers");
    MapNode hm = f.map(m.get("headers"), hp, "{X-Team: data}");
    if (hm != null) {
      for (Field h : hm.fields().values()) {
        String v = f.text(h.value(), child(hp, h.key()), "data");
        if (v != null) headers.put(h.key(), v);
      }
    }
    return url == null ? null : new Webhook(url, headers, token);
  }

  private Email email(Node n, String path) {
    MapNode m = s.section(n, path, List.of("smtp_host", "smtp_port", "from", "to", "username", "password", "starttls"));
    if (m == null) return null;
    f.required(m, path, "smtp_host", "smtp_host: mail.example.com");
    f.required(m, path, "from", "from: taskexec@example.com");
    f.required(m, path, "to", "to: [ops@example.com]");
    String host = f.string(m.get("smtp_host"), child(path, "smtp_host"), "mail.example.com");
    int port = 25;
    if (m.get("smtp_port") != null) {
      Integer p = f.integer(m.get("smtp_port"), child(path, "smtp_port"), "587");
      if (p != null && (p < 1 || p > 65535)) {
        f.problems().add(m.get("smtp_port"), child(path, "smtp_port"), "smtp_port must be between 1 and 65535, got " + p,
            "write e.g. smtp_port: 587");
      } else if (p != null) {
        port = p;
      }
    }
    String from = address(m.get("from"), child(path, "from"));
    List<String> to = null;
    Node toNode = m.get("to");
    if (toNode instanceof Node.ScalarNode) {
      String one = address(toNode, child(path, "to"));
      to = one == null ? null : List.of(one);
    } else if (toNode != null) {
      to = f.strings(toNode, child(path, "to"), "[ops@example.com]");
      if (to != null) {
        Node.ListNode l = (Node.ListNode) toNode;
        for (int i = 0; i < to.size(); i++) if (address(l.items().get(i), child(path, "to") + "[" + i + "]") == null) to = null;
        if (to != null && to.isEmpty()) {
          f.problems().add(toNode, child(path, "to"), "to must name at least one address", "write e.g. to: [ops@example.com]");
          to = null;
        }
      }
    }
    String user = f.string(m.get("username"), child(path, "username"), "taskexec");
    String password = f.string(m.get("password"), child(path, "password"), "s3cret");
    Boolean tls = f.bool(m.get("starttls"), child(path, "starttls"), "true");
    if (host == null || from == null || to == null) return null;
    final List<String> recipients = to;
    final int smtpPort = port;
    return s.build(path, () -> new Email(host, smtpPort, from, recipients, user, password, tls != null && tls), null);
  }

  private Exchange exchange(Node n, String path) {
    MapNode m = s.section(n, path, List.of("uri"));
    if (m == null) return null;
    f.required(m, path, "uri", "uri: amqp://guest:guest@localhost:5672/%2f");
    String uri = url(m.get("uri"), child(path, "uri"), "amqp://guest:guest@localhost:5672/%2f", List.of("amqp", "amqps"));
    return uri == null ? null : new Exchange(uri);
  }

  private String address(Node n, String path) {
    String a = f.string(n, path, "ops@example.com");
    if (a == null) return null;
    if (!a.matches("[^@\\s]+@[^@\\s]+")) {
      f.problems().add(n, path, Fields.name(path) + " '" + a + "' is not an e-mail address", "write e.g. ops@example.com");
      return null;
    }
    return a;
  }

  private String url(Node n, String path, String example, List<String> schemes) {
    String u = f.string(n, path, example);
    if (u == null) return null;
    try {
      URI uri = new URI(u);
      if (uri.getScheme() != null && schemes.contains(uri.getScheme().toLowerCase(java.util.Locale.ROOT)) && uri.getHost() != null) return u;
    } catch (java.net.URISyntaxException e) {
      // reported below
    }
    f.problems().add(n, path, Fields.name(path) + " '" + u + "' is not a " + String.join(" or ", schemes) + " URL",
        "write e.g. " + example);
    return null;
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
