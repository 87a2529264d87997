/**
 * Reports computed from the stored events and samples: a run report, a task report and an
 * accounting report, written as JSON (with a JSON Schema), HTML (one self-contained file with
 * inline SVG charts) and PDF (from the same template), cached, and delivered to a directory, a
 * webhook, e-mail or the AMQP {@code tasks} exchange with retries and an outbox that survives
 * restarts. {@link io.taskexec.reporting.ReportGenerator} makes reports;
 * {@link io.taskexec.reporting.deliver.Distributor} delivers them.
 */
package io.taskexec.reporting;
