/**
 * Cluster mode of the server: {@link io.taskexec.server.cluster.Coordinator} turns the engine of
 * {@code taskexec server} into a cluster coordinator when the configuration has a {@code cluster}
 * section (state in PostgreSQL, agents on RabbitMQ); the work is done by
 * {@link io.taskexec.broker.ClusterCoordinator} in the {@code broker} module. The agent process is
 * {@link io.taskexec.broker.AgentRunner} ({@code taskexec agent}).
 */
package io.taskexec.server.cluster;
