package io.taskexec.config;

import java.time.Duration;
import java.util.Map;

/**
 * {@code task_execution.cluster}: how coordinators and agents find each other (RabbitMQ) and how
 * quickly a silent agent or coordinator is given up on. Read by {@code taskexec server} (the
 * coordinator) and {@code taskexec agent}. An agent's capacity is
 * {@code engine.resource_manager.local_agent} (declared), else detected from its machine; its
 * worker threads are {@code engine.worker_pool}.
 *
 * @param enabled whether the configuration has a {@code cluster} section: the server then runs as a
 *     cluster coordinator
 * @param amqpUri the RabbitMQ broker, e.g. {@code amqp://guest:guest@127.0.0.1:5672/%2F}
 * @param heartbeatInterval how often an agent says it is alive
 * @param heartbeatTimeout an agent silent this long is lost (default 10 s)
 * @param leaderLease how long a coordinator's leadership lasts without renewal
 * @param coordinatorId this coordinator's name in the leader lease; null: host name and pid
 * @param agentId this agent's id; null: the host name
 * @param labels this agent's labels (zone, kind), shown with the agent and kept in the store
 * @param metricsHost where an agent serves {@code /metrics} (default loopback)
 * @param metricsPort the port of an agent's {@code /metrics}; {@link #NO_METRICS} (the default)
 *     serves none, 0 any free port. Guarded by the {@code server} section's tokens unless
 *     {@code server.metrics_public} or {@code server.auth_required: false}
 */
public record ClusterConfig(boolean enabled, String amqpUri, Duration heartbeatInterval, Duration heartbeatTimeout,
    Duration leaderLease, String coordinatorId, String agentId, Map<String, String> labels, String metricsHost,
    int metricsPort) {
  /** {@link #metricsPort} of an agent that serves no metrics. */
  public static final int NO_METRICS = -1;
  public static final String DEFAULT_METRICS_HOST = "127.0.0.1";
  public static final ClusterConfig DEFAULT = new ClusterConfig(false, "amqp://guest:guest@127.0.0.1:5672/%2F",
      Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(15), null, null, Map.of());

  public ClusterConfig {
    labels = labels == null ? Map.of() : Map.copyOf(labels);
    metricsHost = metricsHost == null ? DEFAULT_METRICS_HOST : metricsHost;
    if (metricsPort < NO_METRICS || metricsPort > 65535)
      throw new IllegalArgumentException("metrics_port must be 0..65535 (or absent), got " + metricsPort);
  }

  /** Without agent metrics. */
  public ClusterConfig(boolean enabled, String amqpUri, Duration heartbeatInterval, Duration heartbeatTimeout,
      Duration leaderLease, String coordinatorId, String agentId, Map<String, String> labels) {
    this(enabled, amqpUri, heartbeatInterval, heartbeatTimeout, leaderLease, coordinatorId, agentId, labels,
        DEFAULT_METRICS_HOST, NO_METRICS);
  }

  /** Whether an agent serves {@code /metrics}. */
  public boolean agentMetrics() {
    return metricsPort != NO_METRICS;
  }

  /** The first form of this record (no identities, no labels); the section counts as present. */
  public ClusterConfig(String amqpUri, Duration heartbeatInterval, Duration heartbeatTimeout, Duration leaderLease) {
    this(true, amqpUri, heartbeatInterval, heartbeatTimeout, leaderLease, null, null, Map.of());
  }

  public ClusterConfig withAmqpUri(String uri) {
    return new ClusterConfig(enabled, uri, heartbeatInterval, heartbeatTimeout, leaderLease, coordinatorId, agentId, labels,
        metricsHost, metricsPort);
  }

  public ClusterConfig withAgentId(String id) {
    return new ClusterConfig(enabled, amqpUri, heartbeatInterval, heartbeatTimeout, leaderLease, coordinatorId, id, labels,
        metricsHost, metricsPort);
  }

  public ClusterConfig withCoordinatorId(String id) {
    return new ClusterConfig(enabled, amqpUri, heartbeatInterval, heartbeatTimeout, leaderLease, id, agentId, labels,
        metricsHost, metricsPort);
  }

  public ClusterConfig withTimes(Duration interval, Duration timeout, Duration lease) {
    return new ClusterConfig(enabled, amqpUri, interval, timeout, lease, coordinatorId, agentId, labels, metricsHost,
        metricsPort);
  }

  public ClusterConfig withAgentMetrics(String host, int port) {
    return new ClusterConfig(enabled, amqpUri, heartbeatInterval, heartbeatTimeout, leaderLease, coordinatorId, agentId,
        labels, host, port);
  }
}
