package io.taskexec.ingest;

import static io.taskexec.ingest.Fixtures.brief;
import static io.taskexec.ingest.Fixtures.config;
import static org.assertj.core.api.Assertions.assertThat;

import io.taskexec.config.MonitoringConfig;
import io.taskexec.config.MonitoringConfig.Alerts;
import io.taskexec.config.MonitoringConfig.Limits;
import io.taskexec.config.MonitoringConfig.Prometheus;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class MonitoringConfigReaderTest {
  @Test
  void the_monitoring_modules_keys_are_read() {
    MonitoringConfig m = ConfigReader.read(config("monitoring.yaml")).monitoring();
    assertThat(m.interval()).isEqualTo(Duration.ofSeconds(1));
    assertThat(m.batchSize()).isEqualTo(10);
    assertThat(m.bufferSize()).isEqualTo(200);
    assertThat(m.prometheus()).isEqualTo(new Prometheus(9464, true, 20, "http://127.0.0.1:9091", "nightly"));
    assertThat(m.limits()).isEqualTo(new Limits(true, 0.25, 2.0, 8.0, 0.1));
    assertThat(m.alertThreshold()).isEqualTo(0.9);
    assertThat(m.checkInterval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(m.cooldownPeriod()).isEqualTo(Duration.ofMinutes(2));
    assertThat(m.alerts()).isEqualTo(new Alerts(List.of("failure_rate", "queue_age"), List.of("log", "webhook", "amqp"),
        "http://127.0.0.1:8088/alerts", "amqp://guest:guest@127.0.0.1:5672/%2F", Duration.ofMinutes(5)));
  }

  @Test
  void without_the_new_keys_the_defaults_apply() {
    MonitoringConfig m = ConfigReader.read(config("partial.yaml")).monitoring();
    assertThat(m.prometheus()).isEqualTo(Prometheus.DEFAULT);
    assertThat(m.limits()).isEqualTo(Limits.DEFAULT);
    assertThat(m.alerts()).isEqualTo(Alerts.DEFAULT);
    assertThat(Limits.DEFAULT.memoryTolerance()).isEqualTo(0.1);
    assertThat(Prometheus.DEFAULT.job()).isEqualTo("task_execution");
  }

  @Test
  void bad_values_name_the_line_and_key_and_the_fix() {
    List<String> problems = brief(ConfigReader.check(config("monitoring-bad.yaml")));
    assertThat(String.join("\n", problems)).contains(
        "4:13 task_execution.monitoring.prometheus.port: port must be <= 65535, got 70000",
        "5:24 task_execution.monitoring.prometheus.pushgateway_url: pushgateway_url must be an http(s) URL, got localhost:9091",
        "7:25 task_execution.monitoring.limits.memory_tolerance: memory_tolerance must be >= 0, got -0.1",
        "8:28 task_execution.monitoring.limits.memory_retry_factor: memory_retry_factor must be >= 1, got 0.5",
        "task_execution.monitoring.alert_management: unknown alert rule 'cpu_hot'");
  }
}
