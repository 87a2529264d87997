/**
 * Delivering reports to targets (directory, webhook, SMTP, the AMQP {@code tasks} exchange) with
 * retries that wait longer each time, a timeout per attempt, and an outbox on disk for deliveries
 * that still failed, retried when the next distributor starts.
 */
package io.taskexec.reporting.deliver;
