package io.taskexec.config;

import java.time.Duration;

/**
 * {@code task_execution.cluster}: how coordinators and agents find each other (RabbitMQ) and how
 * quickly a silent agent or coordinator is given up on. Owned by the {@code broker} and
 * {@code server} modules, which extend it as they grow.
 *
 * @param amqpUri the RabbitMQ broker, e.g. {@code amqp://guest:guest@127.0.0.1:5672/%2F}
 * @param heartbeatInterval how often an agent says it is alive
 * @param heartbeatTimeout an agent silent this long is lost (default 10 s)
 * @param leaderLease how long a coordinator's leadership lasts without renewal
 */
public record ClusterConfig(String amqpUri, Duration heartbeatInterval, Duration heartbeatTimeout,
    Duration leaderLease) {
  public static final ClusterConfig DEFAULT = new ClusterConfig("amqp://guest:guest@127.0.0.1:5672/%2F",
      Duration.ofSeconds(2), Duration.ofSeconds(10), Duration.ofSeconds(15));
}
