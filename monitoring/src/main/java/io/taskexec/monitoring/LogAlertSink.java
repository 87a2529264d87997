package io.taskexec.monitoring;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Alerts as WARN lines (ERROR for critical ones) of the {@code io.taskexec.alerts} logger. */
final class LogAlertSink implements AlertSink {
  private static final Logger log = LoggerFactory.getLogger("io.taskexec.alerts");

  @Override
  public void deliver(Alert a) {
    if ("critical".equals(a.severity())) log.error("ALERT {}: {}", a.rule(), a.message());
    else log.warn("ALERT {}: {}", a.rule(), a.message());
  }
}
