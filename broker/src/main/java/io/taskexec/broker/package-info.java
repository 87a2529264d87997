/**
 * Cluster mode on RabbitMQ (transport) and PostgreSQL (state): the agent process
 * ({@link io.taskexec.broker.AgentRunner}), the coordinator ({@link io.taskexec.broker.ClusterCoordinator}:
 * leader lease, remote agents, the outbox relay and the {@code tasks} exchange), and the wire
 * format ({@link io.taskexec.broker.Wire}, documented as JSON Schema under {@code docs/amqp/}).
 *
 * <p>Topology ({@link io.taskexec.broker.Topology}): agents send heartbeats and reports to the
 * coordinator through the direct exchange {@code taskexec.cluster}; the coordinator sends
 * placements and cancels to each agent's durable queue. Anyone submits tasks on the topic exchange
 * {@code tasks} with routing key {@code submit} and follows them on {@code task.status.<id>} and
 * {@code complete}. Every durable message is persistent and published with confirms; consumers
 * acknowledge only after what a message carries is durable.
 */
package io.taskexec.broker;
