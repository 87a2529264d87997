/**
 * Monitoring of a running engine: per-task sampling of processes and handler threads, metric
 * statistics (HdrHistogram), memory limits, Prometheus/OpenMetrics exposition and Pushgateway
 * push, and alert rules delivered to the log, a webhook and the {@code tasks} AMQP exchange.
 * {@link io.taskexec.monitoring.Monitoring} is the one entry point.
 */
package io.taskexec.monitoring;
