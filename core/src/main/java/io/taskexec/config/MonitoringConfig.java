package io.taskexec.config;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * {@code task_execution.monitoring}: metrics_collection and alert_management of the
 * specification, plus what the monitoring module adds: {@code prometheus} (exposition port,
 * per-task labels, Pushgateway), {@code limits} (memory enforcement and retries with more memory,
 * recommended requests) and the alert rules and targets.
 *
 * @param interval how often running tasks are sampled
 * @param batchSize samples handled per step of the monitoring thread
 * @param bufferSize samples kept in memory per task; a full buffer drops its oldest
 * @param alertThreshold the fraction at which a utilisation alert fires (failure rate: 1 − it)
 * @param checkInterval how often alert rules are evaluated
 * @param cooldownPeriod how long a rule that fired stays quiet
 */
public record MonitoringConfig(
    Duration interval, int batchSize, int bufferSize,
    double alertThreshold, Duration checkInterval, Duration cooldownPeriod,
    Prometheus prometheus, Limits limits, Alerts alerts) {
  public static final MonitoringConfig DEFAULT = new MonitoringConfig(
      Duration.ofSeconds(10), 100, 1000, 0.8, Duration.ofSeconds(60), Duration.ofSeconds(300));

  public MonitoringConfig {
    Objects.requireNonNull(interval, "interval");
    prometheus = prometheus == null ? Prometheus.DEFAULT : prometheus;
    limits = limits == null ? Limits.DEFAULT : limits;
    alerts = alerts == null ? Alerts.DEFAULT : alerts;
  }

  /** The specification's keys only; the rest take their defaults. */
  public MonitoringConfig(Duration interval, int batchSize, int bufferSize, double alertThreshold,
      Duration checkInterval, Duration cooldownPeriod) {
    this(interval, batchSize, bufferSize, alertThreshold, checkInterval, cooldownPeriod, null, null, null);
  }

  public MonitoringConfig withPrometheus(Prometheus p) {
    return new MonitoringConfig(interval, batchSize, bufferSize, alertThreshold, checkInterval, cooldownPeriod, p, limits, alerts);
  }

  public MonitoringConfig withLimits(Limits l) {
    return new MonitoringConfig(interval, batchSize, bufferSize, alertThreshold, checkInterval, cooldownPeriod, prometheus, l, alerts);
  }

  public MonitoringConfig withAlerts(Alerts a) {
    return new MonitoringConfig(interval, batchSize, bufferSize, alertThreshold, checkInterval, cooldownPeriod, prometheus, limits, a);
  }

  /**
   * {@code monitoring.prometheus}.
   *
   * @param port the port of {@code taskexec run}'s /metrics (0: none unless --metrics-port)
   * @param perTaskLabels whether per-task series carry a {@code task_id} label
   * @param perTaskLabelCap the most task ids labelled at once (the oldest ended ones go first)
   * @param pushgatewayUrl where a run pushes its metrics at its end, or null
   * @param job the Pushgateway job name
   */
  public record Prometheus(int port, boolean perTaskLabels, int perTaskLabelCap, String pushgatewayUrl, String job) {
    public static final Prometheus DEFAULT = new Prometheus(0, false, 100, null, "task_execution");

    public Prometheus {
      if (port < 0 || port > 65535) throw new IllegalArgumentException("port must be in 0..65535, got " + port);
      if (perTaskLabelCap < 1) throw new IllegalArgumentException("per_task_label_cap must be >= 1, got " + perTaskLabelCap);
      job = job == null || job.isBlank() ? "task_execution" : job;
    }
  }

  /**
   * {@code monitoring.limits}.
   *
   * @param enforceMemory whether a task over its memory (with tolerance) is stopped as RESOURCE_EXCEEDED
   * @param memoryTolerance the fraction over its memory_gb a task may use (0.1: 10%)
   * @param memoryRetryFactor what a retry after RESOURCE_EXCEEDED asks for: memory × this
   * @param memoryRetryCapGb the most memory such a retry asks for
   * @param recommendationHeadroom the recommended request is p95 of use × (1 + this)
   */
  public record Limits(boolean enforceMemory, double memoryTolerance, double memoryRetryFactor,
      double memoryRetryCapGb, double recommendationHeadroom) {
    public static final Limits DEFAULT = new Limits(true, 0.1, 1.5, 64, 0.2);

    public Limits {
      if (!(memoryTolerance >= 0)) throw new IllegalArgumentException("memory_tolerance must be >= 0, got " + memoryTolerance);
      if (!(memoryRetryFactor >= 1)) throw new IllegalArgumentException("memory_retry_factor must be >= 1, got " + memoryRetryFactor);
      if (!(memoryRetryCapGb > 0)) throw new IllegalArgumentException("memory_retry_cap_gb must be > 0, got " + memoryRetryCapGb);
      if (!(recommendationHeadroom >= 0)) throw new IllegalArgumentException("recommendation_headroom must be >= 0, got " + recommendationHeadroom);
    }
  }

  /**
   * The rules and targets of {@code monitoring.alert_management}.
   *
   * @param rules the rules evaluated: resource_utilisation, failure_rate, deadline_misses, deadline_risk, queue_age, lost_agents
   * @param targets where alerts go: log, webhook, amqp
   * @param webhookUrl the URL alerts are POSTed to (JSON), or null
   * @param amqpUri the broker of the {@code tasks} exchange (amqp://user:pass@host:5672/vhost), or null
   * @param maxQueueAge the queue_age rule fires when a ready task waited longer than this
   */
  public record Alerts(List<String> rules, List<String> targets, String webhookUrl, String amqpUri, Duration maxQueueAge) {
    public static final List<String> RULES = List.of("resource_utilisation", "failure_rate", "deadline_misses", "deadline_risk", "queue_age", "lost_agents");
    public static final List<String> TARGETS = List.of("log", "webhook", "amqp");
    public static final Alerts DEFAULT = new Alerts(RULES, List.of("log"), null, null, Duration.ofMinutes(10));

    public Alerts {
      rules = List.copyOf(rules == null ? RULES : rules);
      targets = List.copyOf(targets == null ? List.of("log") : targets);
      maxQueueAge = maxQueueAge == null ? Duration.ofMinutes(10) : maxQueueAge;
      for (String r : rules) if (!RULES.contains(r)) throw new IllegalArgumentException("unknown alert rule '" + r + "'; the rules are " + RULES);
      for (String t : targets) if (!TARGETS.contains(t)) throw new IllegalArgumentException("unknown alert target '" + t + "'; the targets are " + TARGETS);
      if (targets.contains("webhook") && webhookUrl == null) throw new IllegalArgumentException("the webhook target needs webhook_url");
      if (targets.contains("amqp") && amqpUri == null) throw new IllegalArgumentException("the amqp target needs amqp_uri");
    }
  }
}
