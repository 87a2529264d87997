package io.taskexec.config;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * {@code task_execution.reporting}: report_generation (formats, templates_path, cache_size) and
 * distribution (retry_attempts, retry_delay, timeout and the targets reports are delivered to).
 *
 * @param formats the formats {@code taskexec run} writes its run report in
 * @param templatesPath a directory of the user's own templates; relative paths are resolved by the
 *     caller (the command resolves them against the data directory's parent); a missing directory
 *     means the built-in templates
 * @param cacheSize how many generated reports the cache keeps; 0 turns it off
 * @param retryAttempts how many times a failed delivery is tried again before it waits in the outbox
 * @param retryDelay the delay before the first retry; each further retry waits twice as long
 * @param timeout how long one delivery attempt may take
 * @param targets where reports are delivered; {@link Targets#NONE} by default
 * @param runFormats the formats {@code taskexec run} writes its run report in at the end: {@code formats}
 *     when the configuration names them, else {@link #RUN_DEFAULT_FORMATS} (a PDF costs seconds, too
 *     much to add to every run unasked)
 */
public record ReportingConfig(
    List<String> formats, String templatesPath, int cacheSize,
    int retryAttempts, Duration retryDelay, Duration timeout, Targets targets, List<String> runFormats) {
  /** What {@code taskexec run} writes when the configuration does not name formats. */
  public static final List<String> RUN_DEFAULT_FORMATS = List.of("json", "html");
  public static final ReportingConfig DEFAULT = new ReportingConfig(
      List.of("json", "html", "pdf"), "templates", 100, 3, Duration.ofSeconds(5), Duration.ofSeconds(30));

  public ReportingConfig {
    formats = formats == null ? List.of() : List.copyOf(formats);
    targets = targets == null ? Targets.NONE : targets;
    runFormats = runFormats == null ? RUN_DEFAULT_FORMATS : List.copyOf(runFormats);
  }

  /**
   * The configuration without delivery targets; {@code taskexec run} writes {@code formats}, or
   * {@link #RUN_DEFAULT_FORMATS} when they are the specification's default.
   */
  public ReportingConfig(List<String> formats, String templatesPath, int cacheSize,
      int retryAttempts, Duration retryDelay, Duration timeout) {
    this(formats, templatesPath, cacheSize, retryAttempts, retryDelay, timeout, Targets.NONE,
        formats == null || formats.equals(List.of("json", "html", "pdf")) ? RUN_DEFAULT_FORMATS : formats);
  }

  /** This configuration with other targets. */
  public ReportingConfig withTargets(Targets t) {
    return new ReportingConfig(formats, templatesPath, cacheSize, retryAttempts, retryDelay, timeout, t, runFormats);
  }

  /**
   * {@code distribution.targets}: each target is optional (null when not configured).
   *
   * @param directory a directory reports are copied into
   */
  public record Targets(String directory, Webhook webhook, Email email, Exchange exchange) {
    public static final Targets NONE = new Targets(null, null, null, null);

    /** True when no target is configured. */
    public boolean isEmpty() {
      return directory == null && webhook == null && email == null && exchange == null;
    }
  }

  /**
   * An HTTP endpoint that receives each report as the body of a POST.
   *
   * @param headers extra request headers
   * @param token sent as {@code Authorization: Bearer <token>}; null for none
   */
  public record Webhook(String url, Map<String, String> headers, String token) {
    public Webhook {
      Objects.requireNonNull(url, "url");
      headers = headers == null ? Map.of() : Map.copyOf(headers);
    }

    @Override
    public String toString() {
      return "Webhook[url=" + url + ", headers=" + headers.keySet() + ", token=" + (token == null ? "none" : "***") + "]";
    }
  }

  /**
   * An SMTP server through which each report is mailed as an attachment.
   *
   * @param username null when the server takes mail without logging in
   * @param startTls whether to upgrade the connection with STARTTLS (required when true)
   */
  public record Email(String smtpHost, int smtpPort, String from, List<String> to, String username,
      String password, boolean startTls) {
    public Email {
      Objects.requireNonNull(smtpHost, "smtp_host");
      Objects.requireNonNull(from, "from");
      to = to == null ? List.of() : List.copyOf(to);
      if (smtpPort < 1 || smtpPort > 65535) throw new IllegalArgumentException("smtp_port must be 1..65535, got " + smtpPort);
      if (to.isEmpty()) throw new IllegalArgumentException("email needs at least one address in 'to'");
    }

    @Override
    public String toString() {
      return "Email[" + smtpHost + ":" + smtpPort + ", from=" + from + ", to=" + to + ", user=" + username + "]";
    }
  }

  /**
   * The AMQP {@code tasks} exchange (a durable topic exchange); reports are published with routing key
   * {@code report.<kind>}.
   *
   * @param uri e.g. {@code amqp://guest:guest@localhost:5672/%2f}
   */
  public record Exchange(String uri) {
    public Exchange {
      Objects.requireNonNull(uri, "uri");
    }

    @Override
    public String toString() {
      return "Exchange[" + uri.replaceAll("//([^:@/]+):[^@/]*@", "//$1:***@") + "]";
    }
  }
}
